using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>AVX/AVX2 forms that move data between the 128-bit halves or see the whole register: vzeroupper,
/// vzeroall, 128-bit insert/extract/permute, broadcasts, and the 256-bit mask and test instructions.</summary>
public static class AvxLanes
{
    public static void AddTo(AvxForms f)
    {
        f.Add(e => ZeroUpper(e, all: false), Code.VEX_Vzeroupper);
        f.Add(e => ZeroUpper(e, all: true), Code.VEX_Vzeroall);
        f.Add(Insert128, Code.VEX_Vinsertf128_ymm_ymm_xmmm128_imm8, Code.VEX_Vinserti128_ymm_ymm_xmmm128_imm8);
        f.Add(Extract128, Code.VEX_Vextractf128_xmmm128_ymm_imm8, Code.VEX_Vextracti128_xmmm128_ymm_imm8);
        f.Add(Permute128, Code.VEX_Vperm2f128_ymm_ymm_ymmm256_imm8, Code.VEX_Vperm2i128_ymm_ymm_ymmm256_imm8);
        f.Add(e => Broadcast(e, 8), Code.VEX_Vpbroadcastb_xmm_xmmm8, Code.VEX_Vpbroadcastb_ymm_xmmm8);
        f.Add(e => Broadcast(e, 16), Code.VEX_Vpbroadcastw_xmm_xmmm16, Code.VEX_Vpbroadcastw_ymm_xmmm16);
        f.Add(e => Broadcast(e, 32), Code.VEX_Vpbroadcastd_xmm_xmmm32, Code.VEX_Vpbroadcastd_ymm_xmmm32,
            Code.VEX_Vbroadcastss_xmm_m32, Code.VEX_Vbroadcastss_ymm_m32, Code.VEX_Vbroadcastss_xmm_xmm,
            Code.VEX_Vbroadcastss_ymm_xmm);
        f.Add(e => Broadcast(e, 64), Code.VEX_Vpbroadcastq_xmm_xmmm64, Code.VEX_Vpbroadcastq_ymm_xmmm64,
            Code.VEX_Vbroadcastsd_ymm_m64, Code.VEX_Vbroadcastsd_ymm_xmm, Code.VEX_Vmovddup_ymm_ymmm256);
        f.Add(e => Broadcast(e, 128), Code.VEX_Vbroadcastf128_ymm_m128, Code.VEX_Vbroadcasti128_ymm_m128);
        f.Add(e => MaskOf(e, 8), Code.VEX_Vpmovmskb_r32_ymm, Code.VEX_Vpmovmskb_r64_ymm);
        f.Add(e => MaskOf(e, 32), Code.VEX_Vmovmskps_r32_ymm, Code.VEX_Vmovmskps_r64_ymm);
        f.Add(e => MaskOf(e, 64), Code.VEX_Vmovmskpd_r32_ymm, Code.VEX_Vmovmskpd_r64_ymm);
        f.Add(e => BlendVariable(e, 32), Code.VEX_Vblendvps_xmm_xmm_xmmm128_xmm, Code.VEX_Vblendvps_ymm_ymm_ymmm256_ymm);
        f.Add(e => BlendVariable(e, 64), Code.VEX_Vblendvpd_xmm_xmm_xmmm128_xmm, Code.VEX_Vblendvpd_ymm_ymm_ymmm256_ymm);
        f.Add(e => BlendVariable(e, 8), Code.VEX_Vpblendvb_xmm_xmm_xmmm128_xmm, Code.VEX_Vpblendvb_ymm_ymm_ymmm256_ymm);
        f.Add(e => PermuteInLane(e, 32), Code.VEX_Vpermilps_xmm_xmmm128_imm8, Code.VEX_Vpermilps_ymm_ymmm256_imm8,
            Code.VEX_Vpermilps_xmm_xmm_xmmm128, Code.VEX_Vpermilps_ymm_ymm_ymmm256);
        f.Add(e => PermuteInLane(e, 64), Code.VEX_Vpermilpd_xmm_xmmm128_imm8, Code.VEX_Vpermilpd_ymm_ymmm256_imm8,
            Code.VEX_Vpermilpd_xmm_xmm_xmmm128, Code.VEX_Vpermilpd_ymm_ymm_ymmm256);
        f.Add(e => Test(e, 0), Code.VEX_Vptest_xmm_xmmm128, Code.VEX_Vptest_ymm_ymmm256);
        f.Add(e => Test(e, 32), Code.VEX_Vtestps_xmm_xmmm128, Code.VEX_Vtestps_ymm_ymmm256);
        f.Add(e => Test(e, 64), Code.VEX_Vtestpd_xmm_xmmm128, Code.VEX_Vtestpd_ymm_ymmm256);
    }

    private static void ZeroUpper(Emitter e, bool all)
    {
        for (int i = 0; i < (e.Is64 ? 16 : 8); i++)
        {
            e.SetYmmHigh(i, e.Const(128, 0));
            if (all) e.SetXmm(i, e.Const(128, 0));
        }
    }

    private static void Insert128(Emitter e)
    {
        var (lo, hi) = AvxOperands.ReadWide(e, 1);
        var x = e.Read(2, 128);
        if ((e.Insn.Immediate8 & 1) == 0) lo = x; else hi = x;
        AvxOperands.WriteWide(e, 0, lo, hi);
    }

    private static void Extract128(Emitter e)
    {
        var (lo, hi) = AvxOperands.ReadWide(e, 1);
        AvxOperands.WriteNarrow(e, 0, (e.Insn.Immediate8 & 1) == 0 ? lo : hi);
    }

    /// <summary>vperm2f128/vperm2i128: each half picks one of the four source halves (imm bits 0-1, 4-5) or zero (bits 3, 7).</summary>
    private static void Permute128(Emitter e)
    {
        var (a0, a1) = AvxOperands.ReadWide(e, 1);
        var (b0, b1) = AvxOperands.ReadWide(e, 2);
        var sources = new[] { a0, a1, b0, b1 };
        int imm = e.Insn.Immediate8;
        LLVMValueRef Pick(int bits) => (bits & 8) != 0 ? e.Const(128, 0) : sources[bits & 3];
        AvxOperands.WriteWide(e, 0, Pick(imm), Pick(imm >> 4));
    }

    /// <summary>Every element of the destination (128 or 256 bits) gets the low element of the source; vmovddup
    /// ymm duplicates the low qword of each half instead.</summary>
    private static void Broadcast(Emitter e, int elemBits)
    {
        if (e.Insn.Code == Code.VEX_Vmovddup_ymm_ymmm256)
        {
            var (lo, hi) = AvxOperands.ReadWide(e, 1);
            LLVMValueRef Dup(LLVMValueRef x) { var q = e.Trunc(x, 64); return e.Or(e.ZExt(q, 128), e.Shl(e.ZExt(q, 128), e.Const(128, 64))); }
            AvxOperands.WriteWide(e, 0, Dup(lo), Dup(hi));
            return;
        }
        var elem = e.Read(1, elemBits);
        LLVMValueRef half = elem;
        if (elemBits < 128)
        {
            half = e.BitCast(e.Splat(elem, 128 / elemBits), e.T.I128);
        }
        if (Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), 0)) AvxOperands.WriteWide(e, 0, half, half);
        else AvxOperands.WriteNarrow(e, 0, half);
    }

    /// <summary>vblendvps/pd, vpblendvb: each element from the second source where the mask element (operand 3)
    /// has its sign bit set, else from the first.</summary>
    private static void BlendVariable(Emitter e, int elemBits)
    {
        var shape = e.IntVec(elemBits);
        LLVMValueRef Blend(LLVMValueRef a, LLVMValueRef b, LLVMValueRef m)
        {
            var take = e.ICmp(LLVMIntPredicate.LLVMIntSLT, e.BitCast(m, shape.Type), e.SplatInt(shape, 0));
            return e.BitCast(e.Select(take, e.BitCast(b, shape.Type), e.BitCast(a, shape.Type)), e.T.I128);
        }
        var (a0, a1) = AvxOperands.ReadAny(e, 1);
        var (b0, b1) = AvxOperands.ReadAny(e, 2);
        var (m0, m1) = AvxOperands.ReadAny(e, 3);
        AvxOperands.WriteAny(e, 0, Blend(a0, b0, m0), Blend(a1, b1, m1));
    }

    /// <summary>vpermilps/pd: each element picks an element of its own 128-bit half, by immediate (ps: 2 bits per
    /// element, the same for both halves; pd: 1 bit per element across the whole register) or by the low bits of
    /// the control operand's element (ps: bits 1:0, pd: bit 1).</summary>
    private static void PermuteInLane(Emitter e, int elemBits)
    {
        int lanes = 128 / elemBits;
        var shape = e.IntVec(elemBits);
        bool byImmediate = e.Insn.GetOpKind(e.Insn.OpCount - 1) == OpKind.Immediate8;
        var (x0, x1) = AvxOperands.ReadAny(e, 1);
        var (c0, c1) = byImmediate ? (default, default) : AvxOperands.ReadAny(e, 2);
        LLVMValueRef Half(LLVMValueRef x, LLVMValueRef control, int half)
        {
            var v = e.BitCast(x, shape.Type);
            if (byImmediate)
            {
                int imm = e.Insn.Immediate8;
                var mask = Enumerable.Range(0, lanes).Select(i => elemBits == 32
                    ? (imm >> (2 * i)) & 3
                    : (imm >> (2 * half + i)) & 1).ToArray();
                return e.BitCast(e.Shuffle(v, v, mask), e.T.I128);
            }
            var ctl = e.BitCast(control, shape.Type);
            LLVMValueRef result = v;
            for (int i = 0; i < lanes; i++)
            {
                var sel = e.ExtractElement(ctl, i);
                var index = elemBits == 32 ? e.And(sel, e.Const(32, 3)) : e.And(e.LShr(sel, e.Const(64, 1)), e.Const(64, 1));
                LLVMValueRef picked = e.ExtractElement(v, lanes - 1);
                for (int k = lanes - 2; k >= 0; k--)
                    picked = e.Select(e.ICmp(LLVMIntPredicate.LLVMIntEQ, index, e.Const(elemBits, (ulong)k)), e.ExtractElement(v, k), picked);
                result = e.InsertElement(result, picked, i);
            }
            return e.BitCast(result, e.T.I128);
        }
        AvxOperands.WriteAny(e, 0, Half(x0, c0, 0), Half(x1, c1, 1));
    }

    /// <summary>vpmovmskb/vmovmskps/vmovmskpd ymm: the sign bits of all 256 bits' lanes (the r64 form zero-extends).</summary>
    private static void MaskOf(Emitter e, int elemBits)
    {
        var (lo, hi) = AvxOperands.ReadWide(e, 1);
        var shape = e.IntVec(elemBits, 256 / elemBits);
        e.Write(0, e.ZExt(SseMove.SignBits(e, AvxOperands.Join(e, lo, hi, elemBits), shape), e.OpBits(0)));
    }

    /// <summary>vptest (elemBits 0: every bit) and vtestps/pd (sign bits only): ZF = (src AND dst) == 0,
    /// CF = (src AND NOT dst) == 0; the other flags are cleared.</summary>
    private static void Test(Emitter e, int elemBits)
    {
        var (d0, d1) = AvxOperands.ReadAny(e, 0);
        var (s0, s1) = AvxOperands.ReadAny(e, 1);
        var mask = elemBits == 0 ? LLVM.LLVMConstAllOnes(e.T.I128) : SignMask(e, elemBits);
        LLVMValueRef None(LLVMValueRef x0, LLVMValueRef x1) =>
            e.ICmp(LLVMIntPredicate.LLVMIntEQ, e.And(e.Or(x0, x1), mask), e.Const(128, 0));
        var zf = None(e.And(s0, d0), e.And(s1, d1));
        var cf = None(e.And(s0, e.Not(d0)), e.And(s1, e.Not(d1)));
        e.SetFlag(Flag.ZF, zf);
        e.SetFlag(Flag.CF, cf);
        foreach (var f in new[] { Flag.OF, Flag.SF, Flag.AF, Flag.PF }) e.SetFlag(f, e.Const(1, 0));
    }

    private static LLVMValueRef SignMask(Emitter e, int elemBits)
    {
        var shape = e.IntVec(elemBits);
        return e.BitCast(e.SplatInt(shape, 1UL << (elemBits - 1)), e.T.I128);
    }
}

/// <summary>Operand access for VEX forms that see whole ymm registers.</summary>
public static class AvxOperands
{
    /// <summary>A 256-bit operand (ymm register or 32 bytes of memory) as two i128 halves.</summary>
    public static (LLVMValueRef Lo, LLVMValueRef Hi) ReadWide(Emitter e, int op)
    {
        if (e.IsMemory(op))
        {
            var a = e.Address();
            return (e.Load(a, e.T.I128), e.Load(e.Add(a, e.Const(64, 16)), e.T.I128));
        }
        int i = Emitter.VectorIndex(e.Insn.GetOpRegister(op));
        return (e.GetXmm(i), e.GetYmmHigh(i));
    }

    /// <summary>Two i128 halves as one vector of <paramref name="elemBits"/>-bit lanes (256 bits).</summary>
    public static LLVMValueRef Join(Emitter e, LLVMValueRef lo, LLVMValueRef hi, int elemBits)
    {
        var s = e.IntVec(elemBits);
        return e.Shuffle(e.BitCast(lo, s.Type), e.BitCast(hi, s.Type), Enumerable.Range(0, 2 * s.Lanes).ToArray());
    }

    /// <summary>A 256-bit vector (any element type) back as two i128 halves.</summary>
    public static (LLVMValueRef Lo, LLVMValueRef Hi) Split(Emitter e, LLVMValueRef v256)
    {
        var halves = e.BitCast(v256, e.VecType(e.T.I128, 2));
        return (e.ExtractElement(halves, 0), e.ExtractElement(halves, 1));
    }

    /// <summary>An xmm or ymm operand as two halves (the upper one zero for a 128-bit operand).</summary>
    public static (LLVMValueRef Lo, LLVMValueRef Hi) ReadAny(Emitter e, int op) =>
        Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), op) ? ReadWide(e, op) : (e.Read(op, 128), e.Const(128, 0));

    public static void WriteWide(Emitter e, int op, LLVMValueRef lo, LLVMValueRef hi)
    {
        if (e.IsMemory(op))
        {
            var a = e.Address();
            e.Store(a, lo);
            e.Store(e.Add(a, e.Const(64, 16)), hi);
            return;
        }
        int i = Emitter.VectorIndex(e.Insn.GetOpRegister(op));
        e.SetXmm(i, lo);
        e.SetYmmHigh(i, hi);
    }

    /// <summary>A VEX result of the destination's width: both halves for ymm, else the low one (upper half zeroed).</summary>
    public static void WriteAny(Emitter e, int op, LLVMValueRef lo, LLVMValueRef hi)
    {
        if (Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), op)) WriteWide(e, op, lo, hi);
        else WriteNarrow(e, op, lo);
    }

    /// <summary>A 128-bit VEX result: to memory, or to an xmm register whose upper half is zeroed.</summary>
    public static void WriteNarrow(Emitter e, int op, LLVMValueRef x128)
    {
        if (e.IsMemory(op)) { e.Store(e.Address(), x128); return; }
        int i = Emitter.VectorIndex(e.Insn.GetOpRegister(op));
        e.SetXmm(i, x128);
        e.SetYmmHigh(i, e.Const(128, 0));
    }
}
