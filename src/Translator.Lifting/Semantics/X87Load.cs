using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>x87 loads, stores, constants, integer conversions, exchanges and conditional moves.</summary>
internal static class X87Load
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Fld, Fld);
        t.Add(Mnemonic.Fild, e => e.X87Push(X87.ReadMemory(e)));
        t.Add(Mnemonic.Fst, e => Fst(e, pop: false));
        t.Add(Mnemonic.Fstp, e => Fst(e, pop: true));
        t.Add(Mnemonic.Fstpnce, e => Fst(e, pop: true));
        t.Add(Mnemonic.Fist, e => Fist(e, pop: false, truncate: false));
        t.Add(Mnemonic.Fistp, e => Fist(e, pop: true, truncate: false));
        t.Add(Mnemonic.Fisttp, e => Fist(e, pop: true, truncate: true));
        t.Add(Mnemonic.Fld1, e => e.X87Push(e.X87Const(1.0)));
        t.Add(Mnemonic.Fldz, e => e.X87Push(e.X87Const(0.0)));
        t.Add(Mnemonic.Fldpi, e => e.X87Push(e.X87Const(Math.PI)));
        t.Add(Mnemonic.Fldl2e, e => e.X87Push(e.X87Const(1.44269504088896340736)));   // log2(e)
        t.Add(Mnemonic.Fldl2t, e => e.X87Push(e.X87Const(3.32192809488736234787)));   // log2(10)
        t.Add(Mnemonic.Fldlg2, e => e.X87Push(e.X87Const(0.30102999566398119521)));  // log10(2)
        t.Add(Mnemonic.Fldln2, e => e.X87Push(e.X87Const(0.69314718055994530942)));  // ln(2)
        t.Add(Mnemonic.Fxch, X87.Fxch);
        t.Add(Fcmov, Mnemonic.Fcmovb, Mnemonic.Fcmove, Mnemonic.Fcmovbe, Mnemonic.Fcmovu,
            Mnemonic.Fcmovnb, Mnemonic.Fcmovne, Mnemonic.Fcmovnbe, Mnemonic.Fcmovnu);
    }

    private static void Fld(Emitter e)
    {
        var value = e.IsMemory(0) ? X87.ReadMemory(e) : e.X87Get(X87.StIndex(e, 0));
        e.X87Push(value);
    }

    private static void Fst(Emitter e, bool pop)
    {
        var value = e.X87Get(0);
        if (e.IsMemory(0))
            X87.WriteMemory(e, value);
        else
        {
            int i = X87.StIndex(e, 0);
            var phys = e.X87Phys(i);
            e.StorePtr(value, e.X87SlotPtr(phys), 8);
            e.X87SetTag(phys, empty: false);
        }
        e.X87SetCc(null, e.False, null, null);
        if (pop) e.X87Pop();
    }

    private static void Fist(Emitter e, bool pop, bool truncate)
    {
        int bits = X87.IntegerStoreBits(e);
        var x = e.X87Get(0);
        var rounded = truncate ? e.X87Unary("llvm.trunc", x) : e.X87RoundPerRc(x);
        e.Store(e.Address(), e.X87ToInt(rounded, bits));
        e.X87SetCc(null, e.False, null, null);
        if (pop) e.X87Pop();
    }

    private static void Fcmov(Emitter e)
    {
        var cond = X87.FcmovCondition(e);
        int i = X87.StIndex(e, 1);
        e.X87Set(0, e.Select(cond, e.X87Get(i), e.X87Get(0)));
    }
}
