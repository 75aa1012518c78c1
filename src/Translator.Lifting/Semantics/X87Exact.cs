using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>
/// x87 in exact mode (<see cref="LiftOptions.X87"/>): every register holds its 80-bit extended value (i80 in IR) and
/// arithmetic, conversions and rounding call the soft-float in runtime/src/softfloat80.c, which is bit-identical to
/// the hardware (including CW.PC/RC); the transcendental functions are 80-bit too (runtime/src/x87_transcendental.c).
/// Loads, stores, arithmetic and transcendentals; comparisons and the environment are in X87ExactControl.cs.
/// Handlers not overridden here are shared with fast mode.
/// </summary>
internal static class X87Exact
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Fld, e => e.X87XPush(e.IsMemory(0) ? ReadMemory(e) : e.X87XGet(X87.StIndex(e, 0))));
        t.Add(Mnemonic.Fild, e => e.X87XPush(ReadMemory(e)));
        t.Add(Mnemonic.Fst, e => Fst(e, pop: false));
        t.Add(Mnemonic.Fstp, e => Fst(e, pop: true));
        t.Add(Mnemonic.Fstpnce, e => Fst(e, pop: true));
        t.Add(Mnemonic.Fist, e => Fist(e, pop: false, truncate: false));
        t.Add(Mnemonic.Fistp, e => Fist(e, pop: true, truncate: false));
        t.Add(Mnemonic.Fisttp, e => Fist(e, pop: true, truncate: true));
        t.Add(Mnemonic.Fld1, e => e.X87XPush(e.X87XConst(0x3fff, 0x8000000000000000UL)));
        t.Add(Mnemonic.Fldz, e => e.X87XPush(e.X87XConst(0, 0)));
        t.Add(Mnemonic.Fldpi, e => e.X87XPush(e.X87XConst(0x4000, 0xC90FDAA22168C235UL)));
        t.Add(Mnemonic.Fldl2e, e => e.X87XPush(e.X87XConst(0x3fff, 0xB8AA3B295C17F0BCUL)));
        t.Add(Mnemonic.Fldl2t, e => e.X87XPush(e.X87XConst(0x4000, 0xD49A784BCD1B8AFEUL)));
        t.Add(Mnemonic.Fldlg2, e => e.X87XPush(e.X87XConst(0x3ffd, 0x9A209A84FBCFF799UL)));
        t.Add(Mnemonic.Fldln2, e => e.X87XPush(e.X87XConst(0x3ffe, 0xB17217F7D1CF79ACUL)));
        t.Add(Mnemonic.Fxch, X87.Fxch);
        t.Add(Fcmov, Mnemonic.Fcmovb, Mnemonic.Fcmove, Mnemonic.Fcmovbe, Mnemonic.Fcmovu,
            Mnemonic.Fcmovnb, Mnemonic.Fcmovne, Mnemonic.Fcmovnbe, Mnemonic.Fcmovnu);

        t.Add(e => Binary(e, "xlate_f80_add", false, false), Mnemonic.Fadd, Mnemonic.Fiadd);
        t.Add(Mnemonic.Faddp, e => Binary(e, "xlate_f80_add", false, true));
        t.Add(e => Binary(e, "xlate_f80_sub", false, false), Mnemonic.Fsub, Mnemonic.Fisub);
        t.Add(Mnemonic.Fsubp, e => Binary(e, "xlate_f80_sub", false, true));
        t.Add(e => Binary(e, "xlate_f80_sub", true, false), Mnemonic.Fsubr, Mnemonic.Fisubr);
        t.Add(Mnemonic.Fsubrp, e => Binary(e, "xlate_f80_sub", true, true));
        t.Add(e => Binary(e, "xlate_f80_mul", false, false), Mnemonic.Fmul, Mnemonic.Fimul);
        t.Add(Mnemonic.Fmulp, e => Binary(e, "xlate_f80_mul", false, true));
        t.Add(e => Binary(e, "xlate_f80_div", false, false), Mnemonic.Fdiv, Mnemonic.Fidiv);
        t.Add(Mnemonic.Fdivp, e => Binary(e, "xlate_f80_div", false, true));
        t.Add(e => Binary(e, "xlate_f80_div", true, false), Mnemonic.Fdivr, Mnemonic.Fidivr);
        t.Add(Mnemonic.Fdivrp, e => Binary(e, "xlate_f80_div", true, true));

        t.Add(Mnemonic.Fchs, e => Bits(e, e.Xor(e.X87XGet(0), e.X87XConst(0x8000, 0))));
        t.Add(Mnemonic.Fabs, e => Bits(e, e.And(e.X87XGet(0), e.X87XConst(0x7fff, ulong.MaxValue))));
        t.Add(Mnemonic.Fsqrt, e => e.X87XSet(0, e.X87XResult(e.X87XCall("xlate_f80_sqrt", Wide0(e), e.X87XCw32()))));
        t.Add(Mnemonic.Frndint, e => e.X87XSet(0, e.X87XResult(e.X87XCall("xlate_f80_rndint", Wide0(e), e.X87XCw32()))));
        t.Add(Mnemonic.Fscale, e => e.X87XSet(0, e.X87XResult(
            e.X87XCall("xlate_f80_scale", Wide0(e), e.X87XWide(e.X87XGet(1)), e.X87XCw32()))));

        // transcendentals: 80-bit results, flags and stack effects in runtime/src/x87_transcendental.c
        t.Add(Mnemonic.Fsin, e => StateHelper(e, "xlate_x87x_fsin"));
        t.Add(Mnemonic.Fcos, e => StateHelper(e, "xlate_x87x_fcos"));
        t.Add(Mnemonic.Fptan, e => StateHelper(e, "xlate_x87x_fptan"));
        t.Add(Mnemonic.Fsincos, e => StateHelper(e, "xlate_x87x_fsincos"));
        t.Add(Mnemonic.Fpatan, e => StateHelper(e, "xlate_x87x_fpatan"));
        t.Add(Mnemonic.F2xm1, e => StateHelper(e, "xlate_x87x_f2xm1"));
        t.Add(Mnemonic.Fyl2x, e => StateHelper(e, "xlate_x87x_fyl2x"));
        t.Add(Mnemonic.Fyl2xp1, e => StateHelper(e, "xlate_x87x_fyl2xp1"));
        t.Add(Mnemonic.Fprem, e => StateHelper(e, "xlate_x87x_fprem"));
        t.Add(Mnemonic.Fprem1, e => StateHelper(e, "xlate_x87x_fprem1"));
        t.Add(Mnemonic.Fxtract, e => StateHelper(e, "xlate_x87x_fxtract"));
    }

    private static LLVMValueRef Wide0(Emitter e) => e.X87XWide(e.X87XGet(0));
    private static void ClearC1(Emitter e) => e.X87SetCc(null, e.False, null, null);

    /// <summary>Reads the memory operand as an i80 (m32fp/m64fp/m80fp/m16int/m32int/m64int), exactly.</summary>
    internal static LLVMValueRef ReadMemory(Emitter e)
    {
        var address = e.Address();
        switch (e.Insn.MemorySize)
        {
            case MemorySize.Float32:
                return e.X87XResult(e.X87XCall("xlate_f80_from_f32", e.Load(address, e.T.I32)), setC1: false);
            case MemorySize.Float64:
                return e.X87XResult(e.X87XCall("xlate_f80_from_f64", e.Load(address, e.T.I64)), setC1: false);
            case MemorySize.Float80:
                return e.Load(address, e.T.Int(80));
            case MemorySize.Int16:
            case MemorySize.Int32:
            case MemorySize.Int64:
                int bits = e.Insn.MemorySize == MemorySize.Int16 ? 16 : e.Insn.MemorySize == MemorySize.Int32 ? 32 : 64;
                var i64 = e.SExt(e.Load(address, e.T.Int(bits)), 64);
                return e.Trunc(e.X87XCall("xlate_f80_from_i64", i64), 80);
            default:
                throw new UnsupportedInstructionException($"x87 memory operand {e.Insn.MemorySize}");
        }
    }

    private static void Fst(Emitter e, bool pop)
    {
        var value = e.X87XGet(0);
        if (e.IsMemory(0))
        {
            var address = e.Address();
            switch (e.Insn.MemorySize)
            {
                case MemorySize.Float32:
                    e.Store(address, e.Trunc(e.X87XResult(e.X87XCall("xlate_f80_to_f32", e.X87XWide(value), e.X87XCw32())), 32));
                    break;
                case MemorySize.Float64:
                    e.Store(address, e.Trunc(e.X87XResult(e.X87XCall("xlate_f80_to_f64", e.X87XWide(value), e.X87XCw32())), 64));
                    break;
                case MemorySize.Float80:
                    e.Store(address, value);
                    ClearC1(e);
                    break;
                default:
                    throw new UnsupportedInstructionException($"x87 memory operand {e.Insn.MemorySize}");
            }
        }
        else
        {
            var phys = e.X87Phys(X87.StIndex(e, 0));
            e.X87XSetPhys(phys, value);
            e.X87SetTag(phys, empty: false);
            ClearC1(e);
        }
        if (pop) e.X87Pop();
    }

    private static void Fist(Emitter e, bool pop, bool truncate)
    {
        int bits = X87.IntegerStoreBits(e);
        var r = e.X87XCall("xlate_f80_to_int", Wide0(e), e.X87XCw32(), e.Const(32, (ulong)bits), e.Const(32, truncate ? 1UL : 0));
        e.Store(e.Address(), e.Trunc(e.X87XResult(r), bits));
        if (pop) e.X87Pop();
    }

    private static void Fcmov(Emitter e)
    {
        var cond = X87.FcmovCondition(e);
        e.X87XSet(0, e.Select(cond, e.X87XGet(X87.StIndex(e, 1)), e.X87XGet(0)));
    }

    /// <summary>dst = dst op src (or src op dst when reversed) in all operand forms; the p forms pop.</summary>
    private static void Binary(Emitter e, string helper, bool reverse, bool pop)
    {
        int dst;
        LLVMValueRef src;
        if (e.Insn.OpCount == 0)
        {
            dst = 1;
            src = e.X87XGet(0);
        }
        else if (e.IsMemory(0))
        {
            dst = 0;
            src = ReadMemory(e);
        }
        else
        {
            dst = X87.StIndex(e, 0);
            src = e.X87XGet(X87.StIndex(e, 1));
        }
        var d = e.X87XGet(dst);
        var a = reverse ? src : d;
        var b = reverse ? d : src;
        e.X87XSet(dst, e.X87XResult(e.X87XCall(helper, e.X87XWide(a), e.X87XWide(b), e.X87XCw32())));
        if (pop) e.X87Pop();
    }

    private static void Bits(Emitter e, LLVMValueRef v80)
    {
        e.X87XSet(0, v80);
        ClearC1(e);
    }

    private static void StateHelper(Emitter e, string name) =>
        e.CallHelper(name, e.T.Void, new[] { e.T.Ptr }, e.State);
}
