using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>Exact-mode (80-bit) comparisons, classification and the environment instructions that see register
/// values (fnstenv's tag word, fnsave/frstor's register images).</summary>
internal static class X87ExactControl
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(e => Fcom(e, pops: 0), Mnemonic.Fcom, Mnemonic.Fucom, Mnemonic.Ficom);
        t.Add(e => Fcom(e, pops: 1), Mnemonic.Fcomp, Mnemonic.Fucomp, Mnemonic.Ficomp);
        t.Add(e => Fcom(e, pops: 2), Mnemonic.Fcompp, Mnemonic.Fucompp);
        t.Add(e => Fcomi(e, pop: false), Mnemonic.Fcomi, Mnemonic.Fucomi);
        t.Add(e => Fcomi(e, pop: true), Mnemonic.Fcomip, Mnemonic.Fucomip);
        t.Add(Mnemonic.Ftst, e => SetCompareCc(e, e.X87XGet(0), e.X87XConst(0, 0)));
        t.Add(Mnemonic.Fxam, Fxam);
        t.Add(e => Env(e, "xlate_x87x_fnstenv"), Mnemonic.Fnstenv, Mnemonic.Fstenv);
        t.Add(e => Env(e, "xlate_x87x_fnsave"), Mnemonic.Fnsave, Mnemonic.Fsave);
        t.Add(Mnemonic.Frstor, e => Env(e, "xlate_x87x_frstor"));
    }

    private static bool Signalling(Emitter e) => e.Insn.Mnemonic is Mnemonic.Fcom or Mnemonic.Fcomp or Mnemonic.Fcompp
        or Mnemonic.Ficom or Mnemonic.Ficomp or Mnemonic.Fcomi or Mnemonic.Fcomip or Mnemonic.Ftst;

    /// <summary>Compares and raises IE (any NaN for fcom/fcomi/ftst, SNaN or unsupported for fucom) and DE.
    /// Returns (less, equal, unordered).</summary>
    private static (LLVMValueRef, LLVMValueRef, LLVMValueRef) Compare(Emitter e, LLVMValueRef a, LLVMValueRef b)
    {
        var c = e.CallHelper("xlate_f80_cmp", e.T.I32, new[] { e.T.I128, e.T.I128 }, e.X87XWide(a), e.X87XWide(b));
        var rel = e.And(c, e.Const(32, 3));
        var invalid = e.IsNonZero(e.And(c, e.Const(32, Signalling(e) ? 8UL : 4UL)));
        e.X87OrSw(invalid, Emitter.X87SwIE);
        e.X87OrSw(e.IsNonZero(e.And(c, e.Const(32, 16))), Emitter.X87SwDE);
        return (e.Eq(rel, e.Const(32, 1)), e.Eq(rel, e.Const(32, 2)), e.Eq(rel, e.Const(32, 3)));
    }

    /// <summary>C3 C2 C0 = 000 (ST(0) &gt; src), 001 (&lt;), 100 (=), 111 (unordered); C1 = 0.</summary>
    private static void SetCompareCc(Emitter e, LLVMValueRef a, LLVMValueRef b)
    {
        var (less, equal, unordered) = Compare(e, a, b);
        e.X87SetCc(e.Or(less, unordered), e.False, unordered, e.Or(equal, unordered));
    }

    private static void Fcom(Emitter e, int pops)
    {
        LLVMValueRef src;
        if (e.Insn.OpCount == 0) src = e.X87XGet(1);
        else if (e.IsMemory(0)) src = X87Exact.ReadMemory(e);
        else if (e.Insn.OpCount >= 2) src = e.X87XGet(X87.StIndex(e, 1));
        else src = e.X87XGet(X87.StIndex(e, 0));
        SetCompareCc(e, e.X87XGet(0), src);
        for (int i = 0; i < pops; i++) e.X87Pop();
    }

    /// <summary>ZF PF CF = 000 (&gt;), 001 (&lt;), 100 (=), 111 (unordered); OF SF AF cleared.</summary>
    private static void Fcomi(Emitter e, bool pop)
    {
        var (less, equal, unordered) = Compare(e, e.X87XGet(0), e.X87XGet(X87.StIndex(e, 1)));
        e.SetFlag(Flag.ZF, e.Or(equal, unordered));
        e.SetFlag(Flag.PF, unordered);
        e.SetFlag(Flag.CF, e.Or(less, unordered));
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.SF, e.False);
        e.SetFlag(Flag.AF, e.False);
        e.X87SetCc(null, e.False, null, null);
        if (pop) e.X87Pop();
    }

    /// <summary>C1 = sign; C3 C2 C0: unsupported 000, NaN 001, normal 010, infinity 011, zero 100, empty 101,
    /// denormal 110.</summary>
    private static void Fxam(Emitter e)
    {
        var v = e.X87XGet(0);
        var sig = e.Trunc(v, 64);
        var se = e.Trunc(e.LShr(v, 64), 16);
        var exp = e.And(se, e.Const(16, 0x7fff));
        var sign = e.IsNegative(se);
        var intBit = e.IsNegative(sig);
        var frac = e.And(sig, e.Const(64, long.MaxValue));
        var empty = e.X87IsEmpty(0);
        var expMax = e.Eq(exp, e.Const(16, 0x7fff));
        var expZero = e.Eq(exp, e.Const(16, 0));
        var fracZero = e.IsZero(frac);
        var inf = e.And(expMax, e.And(intBit, fracZero));
        var nan = e.And(expMax, e.And(intBit, e.Not(fracZero)));
        var zero = e.And(expZero, e.IsZero(sig));
        var denormal = e.And(expZero, e.Not(e.IsZero(sig)));
        var normal = e.And(e.Not(e.Or(expMax, expZero)), intBit);
        var ne = e.Not(empty);
        var c0 = e.Or(empty, e.And(ne, e.Or(nan, inf)));
        var c2 = e.And(ne, e.Or(e.Or(normal, inf), denormal));
        var c3 = e.Or(empty, e.And(ne, e.Or(zero, denormal)));
        e.X87SetCc(c0, sign, c2, c3);
    }

    private static void Env(Emitter e, string name)
    {
        int layout = e.Insn.MemorySize is MemorySize.FpuEnv14 or MemorySize.FpuState94 ? 16 : 32;
        e.CallHelper(name, e.T.Void, new[] { e.T.Ptr, e.T.Ptr, e.T.I32 },
            e.State, e.IntToPtr(e.Address()), e.Const(32, (ulong)layout));
    }
}
