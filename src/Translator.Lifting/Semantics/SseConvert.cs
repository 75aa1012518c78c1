using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>SSE conversions between integers, singles and doubles. Float→int conversions that overflow or see a
/// NaN give the "integer indefinite" (most negative value), as x86 does. Rounding conversions (int→float,
/// double→single, the non-truncating float→int) use the host's current rounding mode, which mirrors MXCSR.RC, and
/// raise the x86 flags through the host's: scvtf/fcvt/frintx set inexact, fcvtzs inexact or invalid.</summary>
public static class SseConvert
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Cvtsi2ss, e => IntToScalar(e, 32));
        t.Add(Mnemonic.Cvtsi2sd, e => IntToScalar(e, 64));
        t.Add(Mnemonic.Cvtss2sd, e =>
            e.WriteLow(0, e.FPExt(e.ReadScalar(1, e.FloatShape(32, false)), e.T.F64)));
        t.Add(Mnemonic.Cvtsd2ss, e =>
            e.WriteLow(0, e.FPTrunc(e.ReadScalar(1, e.FloatShape(64, false)), e.T.F32)));
        t.Add(Mnemonic.Cvttss2si, e => ScalarToInt(e, 32, truncate: true));
        t.Add(Mnemonic.Cvttsd2si, e => ScalarToInt(e, 64, truncate: true));
        t.Add(Mnemonic.Cvtss2si, e => ScalarToInt(e, 32, truncate: false));
        t.Add(Mnemonic.Cvtsd2si, e => ScalarToInt(e, 64, truncate: false));
        t.Add(Mnemonic.Cvtdq2ps, e => e.WriteVec(0, e.SIToFP(e.ReadVec(1, e.IntVec(32)), e.FloatShape(32, true).Type)));
        t.Add(Mnemonic.Cvtdq2pd, e =>
        {
            var src = e.BitCast(e.Read(1, 64), e.IntVec(32, 2).Type);
            e.WriteVec(0, e.SIToFP(src, e.FloatShape(64, true).Type));
        });
        t.Add(Mnemonic.Cvtps2pd, e =>
        {
            var src = e.BitCast(e.Read(1, 64), e.FloatShape(32, 2).Type);
            e.WriteVec(0, e.FPExt(src, e.FloatShape(64, true).Type));
        });
        t.Add(Mnemonic.Cvtpd2ps, e =>
        {
            var r = e.FPTrunc(e.ReadVec(1, e.FloatShape(64, true)), e.FloatShape(32, 2).Type);
            e.WriteVec(0, e.Shuffle(r, e.ZeroOf(e.FloatShape(32, 2).Type), new[] { 0, 1, 2, 3 }));
        });
        t.Add(Mnemonic.Cvtps2dq, e => PackedToInt(e, 32, truncate: false));
        t.Add(Mnemonic.Cvttps2dq, e => PackedToInt(e, 32, truncate: true));
        t.Add(Mnemonic.Cvtpd2dq, e => PackedToInt(e, 64, truncate: false));
        t.Add(Mnemonic.Cvttpd2dq, e => PackedToInt(e, 64, truncate: true));
    }

    /// <summary>cvtsi2ss/cvtsi2sd from a 32/64-bit GPR or memory; the upper lanes of dst are kept.
    /// (Rounds per MXCSR.RC: scvtf uses the host's mode.)</summary>
    private static void IntToScalar(Emitter e, int floatBits)
    {
        var src = e.Read(1, e.OpBits(1));
        e.WriteLow(0, e.SIToFP(src, floatBits == 32 ? e.T.F32 : e.T.F64));
    }

    private static void ScalarToInt(Emitter e, int floatBits, bool truncate)
    {
        var s = e.FloatShape(floatBits, packed: false);
        int intBits = e.OpBits(0);
        var x = e.ReadScalar(1, s);
        e.Write(0, ToInt(e, s, x, intBits, e.T.Int(intBits), truncate));
    }

    /// <summary>cvt(t)ps2dq, cvt(t)pd2dq (the latter fill the low two dwords and zero the upper ones).</summary>
    private static void PackedToInt(Emitter e, int floatBits, bool truncate)
    {
        var s = e.FloatShape(floatBits, packed: true);
        var ints = e.IntVec(32, s.Lanes);
        var r = ToInt(e, s, e.ReadVec(1, s), 32, ints.Type, truncate);
        if (s.Lanes == 2) r = e.Shuffle(r, e.ZeroOf(ints.Type), new[] { 0, 1, 2, 3 });
        e.WriteVec(0, r);
    }

    /// <summary>Float (scalar or vector) → signed integer of <paramref name="intBits"/>, rounding toward zero or
    /// per MXCSR.RC; NaN and out-of-range values give 1 &lt;&lt; (intBits-1) and raise invalid (not inexact);
    /// in-range inexact conversions raise inexact.</summary>
    public static LLVMValueRef ToInt(Emitter e, VecShape s, LLVMValueRef x, int intBits, LLVMTypeRef resultType, bool truncate)
    {
        // fcvtzs truncates, raising inexact for a fraction and (only) invalid past its width; frintx (llvm.rint)
        // rounds in the current mode and raises inexact, so the value it hands fcvtzs is integral. (A double in
        // [2^31, 2^52) with a fraction converted to int32 thus raises inexact too; x86 raises invalid alone.)
        var source = truncate ? x : e.RoundIntegralRaisingInexact(x);
        var integral = truncate ? e.RoundIntegral(x, 3) : source;
        double limit = Math.Pow(2, intBits - 1);
        var inRange = e.And(e.FCmp(LLVMRealPredicate.LLVMRealOGE, integral, e.SplatReal(s, -limit)),
            e.FCmp(LLVMRealPredicate.LLVMRealOLT, integral, e.SplatReal(s, limit)));
        var converted = !s.IsScalar && s.ElemBits > intBits ? NarrowingToInt(e, s, source, intBits, resultType)
            : e.FPToSI(source, resultType);
        var intShape = s.IsScalar ? new VecShape(resultType, resultType, resultType, resultType, intBits, 1, false)
            : e.IntVec(intBits, s.Lanes);
        return e.Select(inRange, converted, e.SplatInt(intShape, 1UL << (intBits - 1)));
    }

    /// <summary>Double lanes → int32 lanes one by one: a vector conversion goes through 64-bit lanes and would not
    /// raise invalid at 2^31.</summary>
    private static LLVMValueRef NarrowingToInt(Emitter e, VecShape s, LLVMValueRef x, int intBits, LLVMTypeRef resultType)
    {
        var r = e.ZeroOf(resultType);
        for (int i = 0; i < s.Lanes; i++)
            r = e.InsertElement(r, e.FPToSI(e.ExtractElement(x, i), e.T.Int(intBits)), i);
        return r;
    }
}
