using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>SSE integer (and bitwise) operations on XMM registers.</summary>
public static class SseInteger
{
    private delegate LLVMValueRef Op(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b);

    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Mpsadbw, e => AvxInteger.MultipleSad(e, sse: true));
        t.Add(Mnemonic.Phminposuw, e => AvxInteger.MinimumWordAndIndex(e, sse: true));
        t.Add(e => Bitwise(e, (e, a, b) => e.And(a, b)), Mnemonic.Pand, Mnemonic.Andps, Mnemonic.Andpd);
        t.Add(e => Bitwise(e, (e, a, b) => e.And(e.Not(a), b)), Mnemonic.Pandn, Mnemonic.Andnps, Mnemonic.Andnpd);
        t.Add(e => Bitwise(e, (e, a, b) => e.Or(a, b)), Mnemonic.Por, Mnemonic.Orps, Mnemonic.Orpd);
        t.Add(e => Bitwise(e, (e, a, b) => e.Xor(a, b)), Mnemonic.Pxor, Mnemonic.Xorps, Mnemonic.Xorpd);

        Op add = (e, s, a, b) => e.Add(a, b), sub = (e, s, a, b) => e.Sub(a, b), mul = (e, s, a, b) => e.Mul(a, b);
        AddFor(t, add, (Mnemonic.Paddb, 8), (Mnemonic.Paddw, 16), (Mnemonic.Paddd, 32), (Mnemonic.Paddq, 64));
        AddFor(t, sub, (Mnemonic.Psubb, 8), (Mnemonic.Psubw, 16), (Mnemonic.Psubd, 32), (Mnemonic.Psubq, 64));
        AddFor(t, Intr("llvm.uadd.sat"), (Mnemonic.Paddusb, 8), (Mnemonic.Paddusw, 16));
        AddFor(t, Intr("llvm.usub.sat"), (Mnemonic.Psubusb, 8), (Mnemonic.Psubusw, 16));
        AddFor(t, Intr("llvm.sadd.sat"), (Mnemonic.Paddsb, 8), (Mnemonic.Paddsw, 16));
        AddFor(t, Intr("llvm.ssub.sat"), (Mnemonic.Psubsb, 8), (Mnemonic.Psubsw, 16));
        AddFor(t, Cmp(LLVMIntPredicate.LLVMIntEQ),
            (Mnemonic.Pcmpeqb, 8), (Mnemonic.Pcmpeqw, 16), (Mnemonic.Pcmpeqd, 32), (Mnemonic.Pcmpeqq, 64));
        AddFor(t, Cmp(LLVMIntPredicate.LLVMIntSGT),
            (Mnemonic.Pcmpgtb, 8), (Mnemonic.Pcmpgtw, 16), (Mnemonic.Pcmpgtd, 32), (Mnemonic.Pcmpgtq, 64));
        AddFor(t, Intr("llvm.umin"), (Mnemonic.Pminub, 8), (Mnemonic.Pminuw, 16), (Mnemonic.Pminud, 32));
        AddFor(t, Intr("llvm.umax"), (Mnemonic.Pmaxub, 8), (Mnemonic.Pmaxuw, 16), (Mnemonic.Pmaxud, 32));
        AddFor(t, Intr("llvm.smin"), (Mnemonic.Pminsb, 8), (Mnemonic.Pminsw, 16), (Mnemonic.Pminsd, 32));
        AddFor(t, Intr("llvm.smax"), (Mnemonic.Pmaxsb, 8), (Mnemonic.Pmaxsw, 16), (Mnemonic.Pmaxsd, 32));
        AddFor(t, mul, (Mnemonic.Pmullw, 16), (Mnemonic.Pmulld, 32));
        AddFor(t, (e, s, a, b) => MulHigh(e, s, a, b, signed: true), (Mnemonic.Pmulhw, 16));
        AddFor(t, (e, s, a, b) => MulHigh(e, s, a, b, signed: false), (Mnemonic.Pmulhuw, 16));
        AddFor(t, (e, s, a, b) => WideningMultiply(e, s, a, b, signed: false), (Mnemonic.Pmuludq, 64));
        AddFor(t, (e, s, a, b) => WideningMultiply(e, s, a, b, signed: true), (Mnemonic.Pmuldq, 64));
        AddFor(t, Pmaddwd, (Mnemonic.Pmaddwd, 16));
        AddFor(t, Psadbw, (Mnemonic.Psadbw, 8));
        AddFor(t, Average, (Mnemonic.Pavgb, 8), (Mnemonic.Pavgw, 16));
        AddFor(t, (e, s, a, b) => e.Intrinsic("llvm.abs", new[] { s.Type }, b, e.False),
            (Mnemonic.Pabsb, 8), (Mnemonic.Pabsw, 16), (Mnemonic.Pabsd, 32));
        AddFor(t, Horizontal(add), (Mnemonic.Phaddw, 16), (Mnemonic.Phaddd, 32));
        AddFor(t, Horizontal(sub), (Mnemonic.Phsubw, 16), (Mnemonic.Phsubd, 32));
        AddFor(t, Horizontal(Intr("llvm.sadd.sat")), (Mnemonic.Phaddsw, 16));
        AddFor(t, Horizontal(Intr("llvm.ssub.sat")), (Mnemonic.Phsubsw, 16));
        AddFor(t, Pmaddubsw, (Mnemonic.Pmaddubsw, 8));
        AddFor(t, Pmulhrsw, (Mnemonic.Pmulhrsw, 16));
        AddFor(t, Psign, (Mnemonic.Psignb, 8), (Mnemonic.Psignw, 16), (Mnemonic.Psignd, 32));

        AddShift(t, ShiftKind.Left, (Mnemonic.Psllw, 16), (Mnemonic.Pslld, 32), (Mnemonic.Psllq, 64));
        AddShift(t, ShiftKind.Logical, (Mnemonic.Psrlw, 16), (Mnemonic.Psrld, 32), (Mnemonic.Psrlq, 64));
        AddShift(t, ShiftKind.Arithmetic, (Mnemonic.Psraw, 16), (Mnemonic.Psrad, 32));
        t.Add(Mnemonic.Ptest, Ptest);
    }

    private static void AddFor(SemanticsTable t, Op op, params (Mnemonic M, int Bits)[] forms)
    {
        foreach (var (m, bits) in forms) t.Add(m, e => Binary(e, bits, op));
    }

    /// <summary>dst = op(dst, src) lane-wise on 128-bit (XMM) or 64-bit (MMX) vectors with
    /// <paramref name="elemBits"/>-bit lanes.</summary>
    private static void Binary(Emitter e, int elemBits, Op op)
    {
        var s = e.PackedInt(elemBits);
        e.WritePacked(0, op(e, s, e.ReadPacked(0, s), e.ReadPacked(1, s)));
    }

    private static void Bitwise(Emitter e, Func<Emitter, LLVMValueRef, LLVMValueRef, LLVMValueRef> op)
    {
        int bits = e.PackedBits;
        e.WritePacked(0, op(e, e.ReadPackedBits(0, bits), e.ReadPackedBits(1, bits)));
    }

    private static Op Intr(string name) => (e, s, a, b) => e.Intrinsic(name, new[] { s.Type }, a, b);

    private static Op Cmp(LLVMIntPredicate p) => (e, s, a, b) => e.MaskFrom(e.ICmp(p, a, b), s);

    private static LLVMValueRef MulHigh(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b, bool signed)
    {
        var wide = e.IntVec(s.ElemBits * 2, s.Lanes);
        var wa = signed ? e.VSExt(a, wide.Type) : e.VZExt(a, wide.Type);
        var wb = signed ? e.VSExt(b, wide.Type) : e.VZExt(b, wide.Type);
        var p = e.Mul(wa, wb);
        return e.VTrunc(e.LShr(p, e.SplatInt(wide, (ulong)s.ElemBits)), s.Type);
    }

    /// <summary>pmuludq/pmuldq: low 32 bits of each 64-bit lane multiplied to 64 bits. The generic form
    /// (mask, mul <2 x i64>) is scalarised by the AArch64 backend, so use NEON's umull/smull directly.</summary>
    private static LLVMValueRef WideningMultiply(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b, bool signed)
    {
        if (s.Lanes == 1)
        {
            LLVMValueRef Low(LLVMValueRef v)
            {
                var low = e.Trunc(v, 32);
                return signed ? e.SExt(low, 64) : e.ZExt(low, 64);
            }
            return e.Mul(Low(a), Low(b));
        }
        var narrowType = LLVMVectorType(e.T.I32, (uint)s.Lanes);
        var na = LLVMBuildTrunc(e.B, a, narrowType, "");
        var nb = LLVMBuildTrunc(e.B, b, narrowType, "");
        return e.Intrinsic(signed ? "llvm.aarch64.neon.smull" : "llvm.aarch64.neon.umull", new[] { s.Type }, na, nb);
    }

    private static int[] Evens(int n) => Enumerable.Range(0, n).Select(i => 2 * i).ToArray();
    private static int[] Odds(int n) => Enumerable.Range(0, n).Select(i => 2 * i + 1).ToArray();

    private static LLVMValueRef Pmaddwd(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b)
    {
        var wide = e.IntVec(32, s.Lanes);
        var p = e.Mul(e.VSExt(a, wide.Type), e.VSExt(b, wide.Type));
        var r = e.Add(e.Shuffle(p, p, Evens(s.Lanes / 2)), e.Shuffle(p, p, Odds(s.Lanes / 2)));
        return e.BitCast(r, s.Type);
    }

    /// <summary>psadbw: sum of absolute byte differences of each 8-byte half, into the low word of each qword.</summary>
    private static LLVMValueRef Psadbw(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b)
    {
        var diff = e.Sub(e.Intrinsic("llvm.umax", new[] { s.Type }, a, b), e.Intrinsic("llvm.umin", new[] { s.Type }, a, b));
        var wide = e.VZExt(diff, e.IntVec(16, s.Lanes).Type);
        var q = e.IntVec(64, s.Lanes / 8);
        LLVMValueRef result = e.ZeroOf(q.Type);
        for (int half = 0; half < q.Lanes; half++)
        {
            var part = e.Shuffle(wide, wide, Enumerable.Range(half * 8, 8).ToArray());
            var sum = e.Intrinsic("llvm.vector.reduce.add", new[] { e.IntVec(16, 8).Type }, part);
            result = e.InsertElement(result, e.ZExt(sum, 64), half);
        }
        return e.BitCast(result, s.Type);
    }

    private static LLVMValueRef Average(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b)
    {
        var wide = e.IntVec(s.ElemBits * 2, s.Lanes);
        var sum = e.Add(e.Add(e.VZExt(a, wide.Type), e.VZExt(b, wide.Type)), e.SplatInt(wide, 1));
        return e.VTrunc(e.LShr(sum, e.SplatInt(wide, 1)), s.Type);
    }

    /// <summary>phadd*/phsub*: op on adjacent pairs; dst pairs fill the low half, src pairs the high half.</summary>
    private static Op Horizontal(Op op) => (e, s, a, b) =>
        op(e, s, e.Shuffle(a, b, Evens(s.Lanes)), e.Shuffle(a, b, Odds(s.Lanes)));

    /// <summary>pmaddubsw: unsigned dst bytes × signed src bytes, adjacent products added with signed saturation.</summary>
    private static LLVMValueRef Pmaddubsw(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b)
    {
        var w = e.IntVec(16, s.Lanes);
        var p = e.Mul(e.VZExt(a, w.Type), e.VSExt(b, w.Type));
        var r8 = e.IntVec(16, s.Lanes / 2);
        var r = e.Intrinsic("llvm.sadd.sat", new[] { r8.Type }, e.Shuffle(p, p, Evens(s.Lanes / 2)), e.Shuffle(p, p, Odds(s.Lanes / 2)));
        return e.BitCast(r, s.Type);
    }

    private static LLVMValueRef Pmulhrsw(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b)
    {
        var w = e.IntVec(32, s.Lanes);
        var p = e.Mul(e.VSExt(a, w.Type), e.VSExt(b, w.Type));
        var r = e.AShr(e.Add(e.AShr(p, e.SplatInt(w, 14)), e.SplatInt(w, 1)), e.SplatInt(w, 1));
        return e.VTrunc(r, s.Type);
    }

    private static LLVMValueRef Psign(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b)
    {
        var zero = e.ZeroOf(s.Type);
        var neg = e.ICmp(LLVMIntPredicate.LLVMIntSLT, b, zero);
        var isZero = e.ICmp(LLVMIntPredicate.LLVMIntEQ, b, zero);
        return e.Select(neg, e.Sub(zero, a), e.Select(isZero, zero, a));
    }

    private enum ShiftKind { Left, Logical, Arithmetic }

    private static void AddShift(SemanticsTable t, ShiftKind kind, params (Mnemonic M, int Bits)[] forms)
    {
        foreach (var (m, bits) in forms) t.Add(m, e => Shift(e, bits, kind));
    }

    /// <summary>psll/psrl/psra by an immediate or the low qword of an XMM/m128 operand; counts ≥ the lane width
    /// clear the lanes (logical) or fill them with the sign (arithmetic).</summary>
    private static void Shift(Emitter e, int elemBits, ShiftKind kind)
    {
        var s = e.PackedInt(elemBits);
        var v = e.ReadPacked(0, s);
        var count = e.ReadPackedBits(1, 64);
        var big = e.Not(e.Ult(count, e.Const(64, (ulong)elemBits)));
        LLVMValueRef result;
        if (kind == ShiftKind.Arithmetic)
        {
            var amount = e.Select(big, e.Const(64, (ulong)elemBits - 1), count);
            result = e.AShr(v, e.SplatAmount(s, amount));
        }
        else
        {
            var amount = e.SplatAmount(s, e.Select(big, e.Const(64, 0), count));
            var shifted = kind == ShiftKind.Left ? e.Shl(v, amount) : e.LShr(v, amount);
            result = e.Select(big, e.ZeroOf(s.Type), shifted);
        }
        e.WritePacked(0, result);
    }

    /// <summary>ptest: ZF = (dst AND src) == 0, CF = (NOT dst AND src) == 0, other flags cleared.</summary>
    private static void Ptest(Emitter e)
    {
        var a = e.Read(0, 128);
        var b = e.Read(1, 128);
        e.SetFlag(Flag.ZF, e.IsZero(e.And(a, b)));
        e.SetFlag(Flag.CF, e.IsZero(e.And(e.Not(a), b)));
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.SF, e.False);
        e.SetFlag(Flag.AF, e.False);
        e.SetFlag(Flag.PF, e.False);
    }
}
