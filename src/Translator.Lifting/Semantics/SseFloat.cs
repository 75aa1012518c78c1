using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>SSE floating-point arithmetic, min/max, square root, compares and rounding. NaN results follow x86:
/// a NaN operand is returned quieted (first operand first), a new NaN is the negative "QNaN indefinite".</summary>
public static class SseFloat
{
    private delegate LLVMValueRef Op(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b);

    public static void AddTo(SemanticsTable t)
    {
        Op add = (e, s, a, b) => e.FAdd(a, b), sub = (e, s, a, b) => e.FSub(a, b);
        Op mul = (e, s, a, b) => e.FMul(a, b), div = (e, s, a, b) => e.FDiv(a, b);
        AddArith(t, add, Mnemonic.Addss, Mnemonic.Addsd, Mnemonic.Addps, Mnemonic.Addpd);
        AddArith(t, sub, Mnemonic.Subss, Mnemonic.Subsd, Mnemonic.Subps, Mnemonic.Subpd);
        AddArith(t, mul, Mnemonic.Mulss, Mnemonic.Mulsd, Mnemonic.Mulps, Mnemonic.Mulpd);
        AddArith(t, div, Mnemonic.Divss, Mnemonic.Divsd, Mnemonic.Divps, Mnemonic.Divpd);
        AddMinMax(t, LLVMRealPredicate.LLVMRealOLT, Mnemonic.Minss, Mnemonic.Minsd, Mnemonic.Minps, Mnemonic.Minpd);
        AddMinMax(t, LLVMRealPredicate.LLVMRealOGT, Mnemonic.Maxss, Mnemonic.Maxsd, Mnemonic.Maxps, Mnemonic.Maxpd);
        AddUnary(t, Sqrt, Mnemonic.Sqrtss, Mnemonic.Sqrtsd, Mnemonic.Sqrtps, Mnemonic.Sqrtpd);
        AddUnary(t, Reciprocal, Mnemonic.Rcpss, null, Mnemonic.Rcpps, null);
        AddUnary(t, ReciprocalSqrt, Mnemonic.Rsqrtss, null, Mnemonic.Rsqrtps, null);
        AddUnary(t, Round, Mnemonic.Roundss, Mnemonic.Roundsd, Mnemonic.Roundps, Mnemonic.Roundpd);
        t.Add(Mnemonic.Cmpss, e => Compare(e, 32, packed: false));
        SseMove.AddShared(t, Mnemonic.Cmpsd, Sse.CmpsdXmm, "string cmpsd");
        t.Add(Mnemonic.Cmpps, e => Compare(e, 32, packed: true));
        t.Add(Mnemonic.Cmppd, e => Compare(e, 64, packed: true));
        t.Add(e => Comis(e, 32), Mnemonic.Comiss, Mnemonic.Ucomiss);
        t.Add(e => Comis(e, 64), Mnemonic.Comisd, Mnemonic.Ucomisd);
        t.Add(Mnemonic.Haddps, e => Horizontal(e, 32, add));
        t.Add(Mnemonic.Haddpd, e => Horizontal(e, 64, add));
        t.Add(Mnemonic.Hsubps, e => Horizontal(e, 32, sub));
        t.Add(Mnemonic.Hsubpd, e => Horizontal(e, 64, sub));
        t.Add(Mnemonic.Addsubps, e => AddSub(e, 32));
        t.Add(Mnemonic.Addsubpd, e => AddSub(e, 64));
        t.Add(Mnemonic.Dpps, e => DotProduct(e, 32));
        t.Add(Mnemonic.Dppd, e => DotProduct(e, 64));
    }

    private static IEnumerable<(Mnemonic M, int Bits, bool Packed)> Forms(Mnemonic? ss, Mnemonic? sd, Mnemonic? ps, Mnemonic? pd)
    {
        if (ss is { } a) yield return (a, 32, false);
        if (sd is { } b) yield return (b, 64, false);
        if (ps is { } c) yield return (c, 32, true);
        if (pd is { } d) yield return (d, 64, true);
    }

    private static void AddArith(SemanticsTable t, Op op, Mnemonic ss, Mnemonic sd, Mnemonic ps, Mnemonic pd)
    {
        foreach (var (m, bits, packed) in Forms(ss, sd, ps, pd))
            t.Add(m, e =>
            {
                var s = e.FloatShape(bits, packed);
                var a = e.ReadShaped(0, s);
                var b = e.ReadShaped(1, s);
                e.WriteShaped(0, NanResult(e, s, op(e, s, a, b), a, b), s);
            });
    }

    /// <summary>min/max: dst = (dst OP src) ? dst : src, so a NaN or equal zeros give the source (x86 rule).</summary>
    private static void AddMinMax(SemanticsTable t, LLVMRealPredicate p, Mnemonic ss, Mnemonic sd, Mnemonic ps, Mnemonic pd)
    {
        foreach (var (m, bits, packed) in Forms(ss, sd, ps, pd))
            t.Add(m, e =>
            {
                var s = e.FloatShape(bits, packed);
                var a = e.ReadShaped(0, s);
                var b = e.ReadShaped(1, s);
                e.WriteShaped(0, e.Select(e.FCmpSignaling(p, a, b), a, b), s);
            });
    }

    private delegate LLVMValueRef Unary(Emitter e, VecShape s, LLVMValueRef x);

    /// <summary>One-source operations: scalar forms take the source's low lane and keep dst's upper lanes.</summary>
    private static void AddUnary(SemanticsTable t, Unary op, Mnemonic? ss, Mnemonic? sd, Mnemonic? ps, Mnemonic? pd)
    {
        foreach (var (m, bits, packed) in Forms(ss, sd, ps, pd))
            t.Add(m, e =>
            {
                var s = e.FloatShape(bits, packed);
                e.WriteShaped(0, op(e, s, e.ReadShaped(1, s)), s);
            });
    }

    private static LLVMValueRef Sqrt(Emitter e, VecShape s, LLVMValueRef x) =>
        NanResult(e, s, e.FSqrt(x), x, null);

    private static LLVMValueRef Reciprocal(Emitter e, VecShape s, LLVMValueRef x) => Approximation(e, s, x, root: false);
    private static LLVMValueRef ReciprocalSqrt(Emitter e, VecShape s, LLVMValueRef x) => Approximation(e, s, x, root: true);

    /// <summary>rcp*/rsqrt*: x86 gives 12-bit approximations whose low bits differ between Intel and AMD; here the
    /// result is exact. What the hardware does define is kept: denormal operands count as zero (→ ±∞), denormal
    /// results are flushed to zero, and no exception flag is raised (the host's are restored).</summary>
    private static LLVMValueRef Approximation(Emitter e, VecShape s, LLVMValueRef x, bool root)
    {
        var fpsr = e.Intrinsic("llvm.aarch64.get.fpsr", Array.Empty<LLVMTypeRef>());
        var flushed = FlushDenormal(e, s, x);
        var r = e.FDiv(e.SplatReal(s, 1.0), root ? e.FSqrt(flushed) : flushed);
        r = FlushDenormal(e, s, NanResult(e, s, r, x, null));
        e.Intrinsic("llvm.aarch64.set.fpsr", Array.Empty<LLVMTypeRef>(), fpsr);
        return r;
    }

    /// <summary>Single-precision denormals (zero exponent field) become zero of the same sign.</summary>
    private static LLVMValueRef FlushDenormal(Emitter e, VecShape s, LLVMValueRef x)
    {
        var bits = e.BitCast(x, s.IntType);
        var denormal = e.ICmp(LLVMIntPredicate.LLVMIntEQ, e.And(bits, e.SplatInt(s, 0x7f80_0000)), e.SplatInt(s, 0));
        return e.BitCast(e.Select(denormal, e.And(bits, e.SplatInt(s, 0x8000_0000)), bits), s.Type);
    }

    /// <summary>round*: imm bit 2 selects MXCSR.RC (the host's current mode), otherwise imm bits 0-1 are the
    /// rounding mode; imm bit 3 clear raises inexact when the value changes.</summary>
    private static LLVMValueRef Round(Emitter e, VecShape s, LLVMValueRef x)
    {
        int imm = (int)e.Insn.GetImmediate(2);
        bool raiseInexact = (imm & 8) == 0;
        LLVMValueRef r;
        if ((imm & 4) != 0) r = raiseInexact ? e.RoundIntegralRaisingInexact(x) : e.RoundIntegral(x, null);
        else
        {
            r = e.RoundIntegral(x, imm & 3);
            if (raiseInexact) e.RaiseInexactIf(e.FCmp(LLVMRealPredicate.LLVMRealONE, r, x));
        }
        return NanResult(e, s, r, x, null);
    }

    public static ulong QuietBit(int bits) => bits == 32 ? 0x0040_0000UL : 0x0008_0000_0000_0000UL;
    public static ulong Indefinite(int bits) => bits == 32 ? 0xffc0_0000UL : 0xfff8_0000_0000_0000UL;

    public static LLVMValueRef IsNan(Emitter e, LLVMValueRef x) => e.FCmp(LLVMRealPredicate.LLVMRealUNO, x, x);

    public static LLVMValueRef Quiet(Emitter e, VecShape s, LLVMValueRef x) =>
        e.BitCast(e.Or(e.BitCast(x, s.IntType), e.SplatInt(s, QuietBit(s.ElemBits))), s.Type);

    /// <summary>x86 NaN result: if a is NaN → quiet(a); else if b is NaN → quiet(b); else a NaN result (invalid
    /// operation) becomes the QNaN indefinite; non-NaN results pass through.</summary>
    public static LLVMValueRef NanResult(Emitter e, VecShape s, LLVMValueRef r, LLVMValueRef a, LLVMValueRef? b)
    {
        var nan = e.SplatFloatBits(s, Indefinite(s.ElemBits));
        if (b is { } bb) nan = e.Select(IsNan(e, bb), Quiet(e, s, bb), nan);
        nan = e.Select(IsNan(e, a), Quiet(e, s, a), nan);
        return e.Select(IsNan(e, r), nan, r);
    }

    /// <summary>The 16 comparisons of imm[3:0] (FALSE and TRUE as null with their unordered flag) and whether
    /// they signal invalid on a quiet NaN; imm bit 4 (VEX predicates 16-31) flips the latter.</summary>
    private static readonly (LLVMRealPredicate? P, bool Signalling)[] Predicates =
    {
        (LLVMRealPredicate.LLVMRealOEQ, false), (LLVMRealPredicate.LLVMRealOLT, true),
        (LLVMRealPredicate.LLVMRealOLE, true), (LLVMRealPredicate.LLVMRealUNO, false),
        (LLVMRealPredicate.LLVMRealUNE, false), (LLVMRealPredicate.LLVMRealUGE, true),
        (LLVMRealPredicate.LLVMRealUGT, true), (LLVMRealPredicate.LLVMRealORD, false),
        (LLVMRealPredicate.LLVMRealUEQ, false), (LLVMRealPredicate.LLVMRealULT, true),
        (LLVMRealPredicate.LLVMRealULE, true), (null, false),
        (LLVMRealPredicate.LLVMRealONE, false), (LLVMRealPredicate.LLVMRealOGE, true),
        (LLVMRealPredicate.LLVMRealOGT, true), (null, false),
    };

    /// <summary>cmpss/cmpsd/cmpps/cmppd: legacy SSE encodings use imm[2:0] only (predicates 0-7).</summary>
    public static void Compare(Emitter e, int bits, bool packed)
    {
        var s = e.FloatShape(bits, packed);
        var mask = CompareMask(e, s, (int)e.Insn.GetImmediate(2) & 7, e.ReadShaped(0, s), e.ReadShaped(1, s));
        if (packed) e.WriteVec(0, mask);
        else e.WriteLow(0, mask);
    }

    /// <summary>All-ones lanes (integer shape) where predicate <paramref name="imm"/> (0-31) holds.</summary>
    public static LLVMValueRef CompareMask(Emitter e, VecShape s, int imm, LLVMValueRef a, LLVMValueRef b)
    {
        var (p, signalling) = Predicates[imm & 15];
        signalling ^= (imm & 16) != 0;
        var holds = p is { } pred ? (signalling ? CompareSignalling(e, pred, a, b) : CompareQuiet(e, s, pred, a, b))
            : AlwaysOrNever(e, s, a, b, (imm & 15) == 15, signalling);
        return e.VSExt(holds, s.IntType);
    }

    /// <summary>Raises invalid on any NaN (AArch64 fcmpe / vector fcmge, fcmgt).</summary>
    private static LLVMValueRef CompareSignalling(Emitter e, LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b) => p switch
    {
        LLVMRealPredicate.LLVMRealOGE => e.FCmpSignaling(LLVMRealPredicate.LLVMRealOLE, b, a),
        LLVMRealPredicate.LLVMRealULE => e.FCmpSignaling(LLVMRealPredicate.LLVMRealUGE, b, a),
        LLVMRealPredicate.LLVMRealONE => e.Not(e.FCmpSignaling(LLVMRealPredicate.LLVMRealUEQ, a, b)),
        _ => e.FCmpSignaling(p, a, b),
    };

    /// <summary>Raises invalid on a signalling NaN only. Equality and (un)ordered tests are AArch64 fcmeq, which
    /// does that; an ordering test (fcmgt, fcmge) would signal on a quiet NaN too, so it compares NaN-free copies
    /// of the operands (NaN lanes replaced by 0) and takes the unordered answer from fcmeq.</summary>
    private static LLVMValueRef CompareQuiet(Emitter e, VecShape s, LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b)
    {
        if (p is LLVMRealPredicate.LLVMRealOEQ or LLVMRealPredicate.LLVMRealUNE or LLVMRealPredicate.LLVMRealUNO
            or LLVMRealPredicate.LLVMRealORD)
            return e.FCmp(p, a, b);
        var ordered = e.FCmp(LLVMRealPredicate.LLVMRealORD, a, b);
        var zero = e.SplatFloatBits(s, 0);
        var a1 = e.Freeze(e.Select(ordered, a, zero));
        var b1 = e.Freeze(e.Select(ordered, b, zero));
        bool unorderedHolds = p >= LLVMRealPredicate.LLVMRealUEQ;   // ueq, ugt, uge, ult, ule
        var orderedPredicate = unorderedHolds ? p - 8 : p;   // u* → o*
        var r = e.FCmp(orderedPredicate, a1, b1);
        return unorderedHolds ? e.Or(e.Not(ordered), r) : e.And(ordered, r);
    }

    /// <summary>FALSE/TRUE predicates: still raise invalid for a signalling NaN (and a quiet one if signalling).</summary>
    private static LLVMValueRef AlwaysOrNever(Emitter e, VecShape s, LLVMValueRef a, LLVMValueRef b, bool always, bool signalling)
    {
        var unordered = signalling ? e.FCmpSignaling(LLVMRealPredicate.LLVMRealUNO, a, b)
            : e.StrictFp("fcmp", false, new[] { s.Type }, a, b, e.MetadataString("uno"));
        var type = LLVMTypeOf(unordered);   // the compare is kept for its exceptions (strict), not its result
        return always ? e.OnesOf(type) : e.ZeroOf(type);
    }

    /// <summary>comis*/ucomis*: ZF,PF,CF = 111 unordered, 000 greater, 001 less, 100 equal; OF=SF=AF=0.</summary>
    private static void Comis(Emitter e, int bits)
    {
        var s = e.FloatShape(bits, packed: false);
        var a = e.ReadScalar(0, s);
        var b = e.ReadScalar(1, s);
        // comis signals invalid on any NaN, ucomis only on a signalling one.
        Func<LLVMRealPredicate, LLVMValueRef, LLVMValueRef, LLVMValueRef> cmp =
            e.Insn.Mnemonic is Mnemonic.Comiss or Mnemonic.Comisd ? e.FCmpSignaling : e.FCmp;
        e.SetFlag(Flag.ZF, cmp(LLVMRealPredicate.LLVMRealUEQ, a, b));
        e.SetFlag(Flag.PF, e.FCmp(LLVMRealPredicate.LLVMRealUNO, a, b));
        e.SetFlag(Flag.CF, cmp(LLVMRealPredicate.LLVMRealULT, a, b));
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.SF, e.False);
        e.SetFlag(Flag.AF, e.False);
    }

    /// <summary>haddp*/hsubp*: op on adjacent pairs; dst pairs give the low lanes, src pairs the high lanes.</summary>
    private static void Horizontal(Emitter e, int bits, Op op)
    {
        var s = e.FloatShape(bits, packed: true);
        var a = e.ReadVec(0, s);
        var b = e.ReadVec(1, s);
        var evens = Enumerable.Range(0, s.Lanes).Select(i => 2 * i).ToArray();
        var odds = Enumerable.Range(0, s.Lanes).Select(i => 2 * i + 1).ToArray();
        var x = e.Shuffle(a, b, evens);
        var y = e.Shuffle(a, b, odds);
        e.WriteVec(0, NanResult(e, s, op(e, s, x, y), x, y));
    }

    /// <summary>addsubps/addsubpd: even lanes subtract, odd lanes add.</summary>
    private static void AddSub(Emitter e, int bits)
    {
        var s = e.FloatShape(bits, packed: true);
        var a = e.ReadVec(0, s);
        var b = e.ReadVec(1, s);
        // a - b is a + (-b) exactly (rounding, zero signs); one addition raises only the flags of the lanes' own ops
        var mask = Enumerable.Range(0, s.Lanes).Select(i => i % 2 == 0 ? i : s.Lanes + i).ToArray();
        var signed = e.Shuffle(LLVMBuildFNeg(e.B, b, ""), b, mask);
        e.WriteVec(0, NanResult(e, s, e.FAdd(a, signed), a, b));
    }

    /// <summary>dpps/dppd: the products of the lanes imm[7:4] selects (the others +0.0, not multiplied), summed in
    /// pairs as the SDM orders it ((p0 + p1) + (p2 + p3)), written to the lanes imm[3:0] selects (the others +0.0).
    /// Every lane of the pairwise sums computes the same values, so the flags raised are those of the real ops.</summary>
    private static void DotProduct(Emitter e, int bits)
    {
        var s = e.FloatShape(bits, packed: true);
        int imm = (int)e.Insn.GetImmediate(2);
        var zero = e.SplatFloatBits(s, 0);
        int[] Keep(int selectBits) => Enumerable.Range(0, s.Lanes).Select(i => (selectBits >> i & 1) != 0 ? i : s.Lanes + i).ToArray();
        var a = e.Shuffle(e.ReadVec(0, s), zero, Keep(imm >> 4));
        var b = e.Shuffle(e.ReadVec(1, s), zero, Keep(imm >> 4));
        var sum = NanResult(e, s, e.FMul(a, b), a, b);
        for (int width = s.Lanes; width > 1; width /= 2)
        {
            var x = e.Shuffle(sum, sum, Enumerable.Range(0, s.Lanes).Select(i => 2 * (i % (width / 2))).ToArray());
            var y = e.Shuffle(sum, sum, Enumerable.Range(0, s.Lanes).Select(i => 2 * (i % (width / 2)) + 1).ToArray());
            sum = NanResult(e, s, e.FAdd(x, y), x, y);
        }
        e.WriteVec(0, e.Shuffle(sum, zero, Keep(imm)));
    }
}
