using System.Text.RegularExpressions;
using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>AVX floating-point forms without an SSE twin: FMA3 (one rounding, in MXCSR's mode), F16C half-precision
/// conversions, and the 256-bit conversions that change the element width (their lanes cross the 128-bit halves).</summary>
public static partial class AvxFloat
{
    public static void AddTo(AvxForms f)
    {
        foreach (var code in Enum.GetValues<Code>().Distinct())
            if (FmaForm.Parse(code) is { } form) f.Add(e => FusedMultiplyAdd(e, form), code);
        f.Add(e => Compare(e, 32, packed: true), Code.VEX_Vcmpps_xmm_xmm_xmmm128_imm8, Code.VEX_Vcmpps_ymm_ymm_ymmm256_imm8);
        f.Add(e => Compare(e, 64, packed: true), Code.VEX_Vcmppd_xmm_xmm_xmmm128_imm8, Code.VEX_Vcmppd_ymm_ymm_ymmm256_imm8);
        f.Add(e => Compare(e, 32, packed: false), Code.VEX_Vcmpss_xmm_xmm_xmmm32_imm8);
        f.Add(e => Compare(e, 64, packed: false), Code.VEX_Vcmpsd_xmm_xmm_xmmm64_imm8);
        f.Add(WidenIntToDouble, Code.VEX_Vcvtdq2pd_ymm_xmmm128);
        f.Add(WidenSingleToDouble, Code.VEX_Vcvtps2pd_ymm_xmmm128);
        f.Add(NarrowDoubleToSingle, Code.VEX_Vcvtpd2ps_xmm_ymmm256);
        f.Add(e => NarrowDoubleToInt(e, truncate: false), Code.VEX_Vcvtpd2dq_xmm_ymmm256);
        f.Add(e => NarrowDoubleToInt(e, truncate: true), Code.VEX_Vcvttpd2dq_xmm_ymmm256);
        f.Add(HalfToSingle, Code.VEX_Vcvtph2ps_xmm_xmmm64, Code.VEX_Vcvtph2ps_ymm_xmmm128);
        f.Add(SingleToHalf, Code.VEX_Vcvtps2ph_xmmm64_xmm_imm8, Code.VEX_Vcvtps2ph_xmmm128_ymm_imm8);
    }

    // ---- FMA3 ----

    private enum AddKind { Add, Sub, AddSub, SubAdd }

    /// <summary>vf[n]m{add,sub,addsub,subadd}{132,213,231}{ps,pd,ss,sd}: the digits name which operands (1 = dst,
    /// 2 = vvvv, 3 = r/m) are the two factors and the addend.</summary>
    private sealed record FmaForm(bool NegateProduct, AddKind Kind, int Mul1, int Mul2, int Addend, int Bits, bool Packed)
    {
        public static FmaForm? Parse(Code code)
        {
            var m = FmaName().Match(code.ToString());
            if (!m.Success) return null;
            var order = m.Groups[3].Value;
            var kind = m.Groups[2].Value switch
            {
                "add" => AddKind.Add, "sub" => AddKind.Sub, "addsub" => AddKind.AddSub, _ => AddKind.SubAdd,
            };
            var type = m.Groups[4].Value;
            return new FmaForm(m.Groups[1].Value == "n", kind, order[0] - '1', order[1] - '1', order[2] - '1',
                type[1] == 's' ? 32 : 64, type[0] == 'p');
        }
    }

    [GeneratedRegex("^VEX_Vf(n?)m(add|sub|addsub|subadd)(132|213|231)(ps|pd|ss|sd)_")]
    private static partial Regex FmaName();

    private static void FusedMultiplyAdd(Emitter e, FmaForm form)
    {
        if (!form.Packed)
        {
            var s = e.FloatShape(form.Bits, packed: false);
            var ops = new[] { e.ReadScalar(0, s), e.ReadScalar(1, s), e.ReadScalar(2, s) };
            var r = Fma(e, s, form, ops[form.Mul1], ops[form.Mul2], ops[form.Addend]);
            var d = Emitter.VectorIndex(e.Insn.Op0Register);
            AvxOperands.WriteNarrow(e, 0, e.MergeLow(e.GetXmm(d), e.BitCast(r, e.T.Int(form.Bits))));
            return;
        }
        var shape = e.FloatShape(form.Bits, packed: true);
        var halves = new[] { AvxOperands.ReadAny(e, 0), AvxOperands.ReadAny(e, 1), AvxOperands.ReadAny(e, 2) };
        LLVMValueRef Half(int h)
        {
            LLVMValueRef Op(int i) => e.BitCast(h == 0 ? halves[i].Lo : halves[i].Hi, shape.Type);
            return e.BitCast(Fma(e, shape, form, Op(form.Mul1), Op(form.Mul2), Op(form.Addend)), e.T.I128);
        }
        bool wide = Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), 0);
        AvxOperands.WriteAny(e, 0, Half(0), wide ? Half(1) : e.Const(128, 0));
    }

    /// <summary>±(a·b) ± c rounded once. A NaN operand gives the first NaN of (a, b, c) quieted and unnegated, as
    /// x86 does; a new NaN (∞·0, ∞−∞) the QNaN indefinite.</summary>
    private static LLVMValueRef Fma(Emitter e, VecShape s, FmaForm form, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c)
    {
        // x86 does not raise invalid for ∞·0 + QNaN, AArch64 does: where c is NaN and a factor is not, that factor
        // becomes 0 (the result is c's NaN either way; a signalling factor or addend still raises invalid).
        var cNan = SseFloat.IsNan(e, c);
        var zero = e.SplatFloatBits(s, 0);
        var a1 = e.Select(e.And(cNan, Ordered(e, a)), zero, a);
        var b1 = e.Select(e.And(cNan, Ordered(e, b)), zero, b);
        if (form.NegateProduct) a1 = LLVMBuildFNeg(e.B, a1, "");
        var c1 = form.Kind switch
        {
            AddKind.Add => c,
            AddKind.Sub => LLVMBuildFNeg(e.B, c, ""),
            // addsub subtracts in even lanes, subadd in odd ones
            _ => e.Shuffle(LLVMBuildFNeg(e.B, c, ""), c, Enumerable.Range(0, s.Lanes)
                .Select(i => (i % 2 == 0) == (form.Kind == AddKind.AddSub) ? i : s.Lanes + i).ToArray()),
        };
        var r = e.StrictFp("fma", true, new[] { s.Type }, a1, b1, c1);
        return NanResult3(e, s, r, a, b, c);
    }

    private static LLVMValueRef Ordered(Emitter e, LLVMValueRef x) => e.FCmp(LLVMRealPredicate.LLVMRealORD, x, x);

    private static LLVMValueRef NanResult3(Emitter e, VecShape s, LLVMValueRef r, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c)
    {
        var nan = e.Select(SseFloat.IsNan(e, c), SseFloat.Quiet(e, s, c), e.SplatFloatBits(s, SseFloat.Indefinite(s.ElemBits)));
        nan = e.Select(SseFloat.IsNan(e, b), SseFloat.Quiet(e, s, b), nan);
        nan = e.Select(SseFloat.IsNan(e, a), SseFloat.Quiet(e, s, a), nan);
        return e.Select(SseFloat.IsNan(e, r), nan, r);
    }

    // ---- compares ----

    /// <summary>vcmpps/pd/ss/sd: VEX adds predicates 8-31 (imm[4:0]; the legacy forms use imm[2:0]).</summary>
    private static void Compare(Emitter e, int bits, bool packed)
    {
        int imm = e.Insn.Immediate8 & 31;
        if (!packed)
        {
            var s = e.FloatShape(bits, packed: false);
            var mask = SseFloat.CompareMask(e, s, imm, e.ReadScalar(1, s), e.ReadScalar(2, s));
            AvxOperands.WriteNarrow(e, 0, e.MergeLow(e.Read(1, 128), mask));
            return;
        }
        var shape = e.FloatShape(bits, packed: true);
        var (a0, a1) = AvxOperands.ReadAny(e, 1);
        var (b0, b1) = AvxOperands.ReadAny(e, 2);
        LLVMValueRef Half(LLVMValueRef a, LLVMValueRef b) =>
            e.BitCast(SseFloat.CompareMask(e, shape, imm, e.BitCast(a, shape.Type), e.BitCast(b, shape.Type)), e.T.I128);
        bool wide = Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), 0);
        AvxOperands.WriteAny(e, 0, Half(a0, b0), wide ? Half(a1, b1) : e.Const(128, 0));
    }

    // ---- conversions between 128-bit and 256-bit vectors ----

    private static void WidenIntToDouble(Emitter e)
    {
        var src = e.BitCast(e.Read(1, 128), e.IntVec(32).Type);
        var (lo, hi) = AvxOperands.Split(e, e.SIToFP(src, e.VecType(e.T.F64, 4)));
        AvxOperands.WriteWide(e, 0, lo, hi);
    }

    private static void WidenSingleToDouble(Emitter e)
    {
        var src = e.BitCast(e.Read(1, 128), e.FloatShape(32, true).Type);
        var (lo, hi) = AvxOperands.Split(e, e.FPExt(src, e.VecType(e.T.F64, 4)));
        AvxOperands.WriteWide(e, 0, lo, hi);
    }

    private static void NarrowDoubleToSingle(Emitter e)
    {
        var (lo, hi) = AvxOperands.ReadWide(e, 1);
        var pd = e.FloatShape(64, true);
        LLVMValueRef Narrow(LLVMValueRef x) => e.FPTrunc(e.BitCast(x, pd.Type), e.FloatShape(32, 2).Type);
        AvxOperands.WriteNarrow(e, 0, e.BitCast(e.Shuffle(Narrow(lo), Narrow(hi), new[] { 0, 1, 2, 3 }), e.T.I128));
    }

    private static void NarrowDoubleToInt(Emitter e, bool truncate)
    {
        var (lo, hi) = AvxOperands.ReadWide(e, 1);
        var pd = e.FloatShape(64, true);
        var ints = e.IntVec(32, 2).Type;
        LLVMValueRef Narrow(LLVMValueRef x) => SseConvert.ToInt(e, pd, e.BitCast(x, pd.Type), 32, ints, truncate);
        AvxOperands.WriteNarrow(e, 0, e.BitCast(e.Shuffle(Narrow(lo), Narrow(hi), new[] { 0, 1, 2, 3 }), e.T.I128));
    }

    // ---- F16C ----

    /// <summary>vcvtph2ps: exact; a signalling NaN is quieted (payload kept) and raises invalid.</summary>
    private static void HalfToSingle(Emitter e)
    {
        var half = LLVMHalfTypeInContext(e.T.Context);
        bool wide = Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), 0);
        int lanes = wide ? 8 : 4;
        var src = e.BitCast(e.Read(1, lanes * 16), e.VecType(half, lanes));
        var r = e.FPExt(src, e.VecType(e.T.F32, lanes));
        if (!wide) { AvxOperands.WriteNarrow(e, 0, e.BitCast(r, e.T.I128)); return; }
        var lo = e.BitCast(e.Shuffle(r, r, new[] { 0, 1, 2, 3 }), e.T.I128);
        var hi = e.BitCast(e.Shuffle(r, r, new[] { 4, 5, 6, 7 }), e.T.I128);
        AvxOperands.WriteWide(e, 0, lo, hi);
    }

    /// <summary>vcvtps2ph: rounds per imm[1:0], or per MXCSR.RC when imm bit 2 is set. A fixed mode is put in the
    /// host FPCR around the conversion (AArch64 has no per-instruction rounding for fcvtn).</summary>
    private static void SingleToHalf(Emitter e)
    {
        var half = LLVMHalfTypeInContext(e.T.Context);
        var ps = e.FloatShape(32, true);
        var (lo, hi) = AvxOperands.ReadAny(e, 1);
        bool wide = Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), 1);
        int imm = e.Insn.Immediate8;
        LLVMValueRef? savedFpcr = null;
        if ((imm & 4) == 0)
        {
            var fpcr = e.Intrinsic("llvm.aarch64.get.fpcr", Array.Empty<LLVMTypeRef>());
            savedFpcr = fpcr;
            // x86 RC 0 nearest, 1 down, 2 up, 3 toward zero → FPCR.RMode 0 RN, 2 RM, 1 RP, 3 RZ
            ulong rmode = (imm & 3) switch { 0 => 0UL, 1 => 2UL, 2 => 1UL, _ => 3UL };
            var set = e.Or(e.And(fpcr, e.Const(64, ~(3UL << 22))), e.Const(64, rmode << 22));
            e.Intrinsic("llvm.aarch64.set.fpcr", Array.Empty<LLVMTypeRef>(), set);
        }
        LLVMValueRef Narrow(LLVMValueRef x) => e.FPTrunc(e.BitCast(x, ps.Type), e.VecType(half, 4));
        var rlo = Narrow(lo);
        var result = wide ? e.BitCast(e.Shuffle(rlo, Narrow(hi), Enumerable.Range(0, 8).ToArray()), e.T.I128)
            : e.BitCast(rlo, e.T.I64);
        if (savedFpcr is { } old) e.Intrinsic("llvm.aarch64.set.fpcr", Array.Empty<LLVMTypeRef>(), old);
        if (e.IsMemory(0)) e.Store(e.Address(), result);
        else AvxOperands.WriteNarrow(e, 0, wide ? result : e.ZExt(result, 128));
    }
}
