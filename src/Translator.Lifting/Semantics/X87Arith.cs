using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>x87 arithmetic, sign/abs/sqrt/rounding and the transcendental instructions.</summary>
internal static class X87Arith
{
    private enum Op { Add, Sub, Mul, Div }

    public static void AddTo(SemanticsTable t)
    {
        t.Add(e => Binary(e, Op.Add, reverse: false, pop: false), Mnemonic.Fadd, Mnemonic.Fiadd);
        t.Add(Mnemonic.Faddp, e => Binary(e, Op.Add, reverse: false, pop: true));
        t.Add(e => Binary(e, Op.Sub, reverse: false, pop: false), Mnemonic.Fsub, Mnemonic.Fisub);
        t.Add(Mnemonic.Fsubp, e => Binary(e, Op.Sub, reverse: false, pop: true));
        t.Add(e => Binary(e, Op.Sub, reverse: true, pop: false), Mnemonic.Fsubr, Mnemonic.Fisubr);
        t.Add(Mnemonic.Fsubrp, e => Binary(e, Op.Sub, reverse: true, pop: true));
        t.Add(e => Binary(e, Op.Mul, reverse: false, pop: false), Mnemonic.Fmul, Mnemonic.Fimul);
        t.Add(Mnemonic.Fmulp, e => Binary(e, Op.Mul, reverse: false, pop: true));
        t.Add(e => Binary(e, Op.Div, reverse: false, pop: false), Mnemonic.Fdiv, Mnemonic.Fidiv);
        t.Add(Mnemonic.Fdivp, e => Binary(e, Op.Div, reverse: false, pop: true));
        t.Add(e => Binary(e, Op.Div, reverse: true, pop: false), Mnemonic.Fdivr, Mnemonic.Fidivr);
        t.Add(Mnemonic.Fdivrp, e => Binary(e, Op.Div, reverse: true, pop: true));

        t.Add(Mnemonic.Fchs, e => Unary(e, e.X87FNeg(e.X87Get(0))));
        t.Add(Mnemonic.Fabs, e => Unary(e, e.X87Unary("llvm.fabs", e.X87Get(0))));
        t.Add(Mnemonic.Fsqrt, e => Unary(e, e.X87Unary("llvm.sqrt", e.X87Get(0))));
        t.Add(Mnemonic.Frndint, e => Unary(e, e.X87RoundPerRc(e.X87Get(0))));

        t.Add(Mnemonic.Fsin, e => Trig(e, e.X87Math1("xlate_x87_sin", e.X87Get(0))));
        t.Add(Mnemonic.Fcos, e => Trig(e, e.X87Math1("xlate_x87_cos", e.X87Get(0))));
        t.Add(Mnemonic.Fptan, Fptan);
        t.Add(Mnemonic.Fsincos, Fsincos);
        t.Add(Mnemonic.Fpatan, e => PopInto1(e, e.X87Math2("xlate_x87_atan2", e.X87Get(1), e.X87Get(0))));
        t.Add(Mnemonic.F2xm1, e => Unary(e, e.X87Math1("xlate_x87_f2xm1", e.X87Get(0))));
        t.Add(Mnemonic.Fyl2x, e => PopInto1(e, e.X87Math2("xlate_x87_fyl2x", e.X87Get(0), e.X87Get(1))));
        t.Add(Mnemonic.Fyl2xp1, e => PopInto1(e, e.X87Math2("xlate_x87_fyl2xp1", e.X87Get(0), e.X87Get(1))));
        t.Add(Mnemonic.Fscale, e => StateHelper(e, "xlate_x87_fscale"));
        t.Add(Mnemonic.Fprem, e => StateHelper(e, "xlate_x87_fprem"));
        t.Add(Mnemonic.Fprem1, e => StateHelper(e, "xlate_x87_fprem1"));
        t.Add(Mnemonic.Fxtract, e => StateHelper(e, "xlate_x87_fxtract"));
    }

    private static LLVMValueRef Apply(Emitter e, Op op, LLVMValueRef a, LLVMValueRef b) => op switch
    {
        Op.Add => e.X87FAdd(a, b),
        Op.Sub => e.X87FSub(a, b),
        Op.Mul => e.X87FMul(a, b),
        _ => e.X87FDiv(a, b),
    };

    /// <summary>dst = dst op src (or src op dst when reversed), in the operand forms m32/m64/m16int/m32int
    /// (dst = ST(0)), ST(0),ST(i) and ST(i),ST(0); the p forms pop afterwards.</summary>
    private static void Binary(Emitter e, Op op, bool reverse, bool pop)
    {
        int dst;
        LLVMValueRef src;
        if (e.Insn.OpCount == 0)
        {
            dst = 1; // faddp with no operands = faddp st(1), st(0)
            src = e.X87Get(0);
        }
        else if (e.IsMemory(0))
        {
            dst = 0;
            src = X87.ReadMemory(e);
        }
        else
        {
            dst = X87.StIndex(e, 0);
            src = e.X87Get(X87.StIndex(e, 1));
        }
        var d = e.X87Get(dst);
        var result = reverse ? Apply(e, op, src, d) : Apply(e, op, d, src);
        if (op == Op.Div)
        {
            var divisor = reverse ? d : src;
            var dividend = reverse ? src : d;
            var zeroDiv = e.And(e.X87FCmp(LLVMRealPredicate.LLVMRealOEQ, divisor, e.X87Const(0.0)),
                e.X87FCmp(LLVMRealPredicate.LLVMRealONE, dividend, e.X87Const(0.0)));
            e.X87OrSw(e.And(zeroDiv, e.X87FCmp(LLVMRealPredicate.LLVMRealORD, dividend, dividend)), Emitter.X87SwZE);
        }
        e.X87Set(dst, result);
        e.X87SetCc(null, e.False, null, null);
        if (pop) e.X87Pop();
    }

    private static void Unary(Emitter e, LLVMValueRef result)
    {
        e.X87Set(0, result);
        e.X87SetCc(null, e.False, null, null);
    }

    /// <summary>fsin/fcos: C2 = 0 (the operand is always "in range" in this implementation).</summary>
    private static void Trig(Emitter e, LLVMValueRef result)
    {
        e.X87Set(0, result);
        e.X87SetCc(null, e.False, e.False, null);
    }

    private static void Fptan(Emitter e)
    {
        e.X87Set(0, e.X87Math1("xlate_x87_tan", e.X87Get(0)));
        e.X87Push(e.X87Const(1.0));
        e.X87SetCc(null, null, e.False, null);
    }

    private static void Fsincos(Emitter e)
    {
        var x = e.X87Get(0);
        var s = e.X87Math1("xlate_x87_sin", x);
        var c = e.X87Math1("xlate_x87_cos", x);
        e.X87Set(0, s);
        e.X87Push(c);
        e.X87SetCc(null, null, e.False, null);
    }

    /// <summary>ST(1) = value; pop (fpatan, fyl2x, fyl2xp1).</summary>
    private static void PopInto1(Emitter e, LLVMValueRef value)
    {
        e.X87Set(1, value);
        e.X87Pop();
        e.X87SetCc(null, e.False, null, null);
    }

    /// <summary>Runtime helper void name(GuestState *) that reads and writes the x87 state itself.</summary>
    private static void StateHelper(Emitter e, string name) =>
        e.CallHelper(name, e.T.Void, new[] { e.T.Ptr }, e.State);
}
