using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>
/// x87 floating point (see docs/x87.md). Fast mode: each register holds an IEEE double; exact mode (X87Exact*.cs):
/// the 80-bit value.
/// The handlers are split over X87Load.cs (loads, stores, constants, integer conversions), X87Arith.cs
/// (arithmetic and transcendental functions) and X87Control.cs (comparisons, control/status words, environment).
/// </summary>
public static class X87
{
    /// <summary>Registers every x87 mnemonic; where exact mode has its own handler, the choice is made per
    /// instruction from <see cref="LiftOptions.X87"/> when it is lifted.</summary>
    public static void AddTo(SemanticsTable t)
    {
        var fast = new SemanticsTable();
        X87Load.AddTo(fast);
        X87Arith.AddTo(fast);
        X87Control.AddTo(fast);
        var exact = new SemanticsTable();
        X87Exact.AddTo(exact);
        X87ExactControl.AddTo(exact);
        foreach (var m in fast.Mnemonics)
        {
            fast.TryGet(m, out var f);
            if (exact.TryGet(m, out var x)) t.Add(m, e => (e.Options.X87 == X87Precision.Exact ? x : f)(e));
            else t.Add(m, f);
        }
    }

    /// <summary>Stack index of an ST(i) register operand.</summary>
    internal static int StIndex(Emitter e, int op)
    {
        var r = e.Insn.GetOpRegister(op);
        if (r < Register.ST0 || r > Register.ST7) throw new UnsupportedInstructionException($"operand {r} is not ST(i)");
        return r - Register.ST0;
    }

    /// <summary>Reads the memory operand as a double (m32fp/m64fp/m80fp/m16int/m32int/m64int).</summary>
    internal static LLVMValueRef ReadMemory(Emitter e)
    {
        var address = e.Address();
        switch (e.Insn.MemorySize)
        {
            case MemorySize.Float32:
                return LLVMBuildFPExt(e.B, e.Load(address, e.T.F32), e.T.F64, "");
            case MemorySize.Float64:
                return e.Load(address, e.T.F64);
            case MemorySize.Float80:
                return e.X87LoadF80(address);
            case MemorySize.Int16:
                return e.X87SIToFP(e.Load(address, e.T.I16));
            case MemorySize.Int32:
                return e.X87SIToFP(e.Load(address, e.T.I32));
            case MemorySize.Int64:
                return e.X87SIToFP(e.Load(address, e.T.I64));
            default:
                throw new UnsupportedInstructionException($"x87 memory operand {e.Insn.MemorySize}");
        }
    }

    /// <summary>Writes a double to the memory operand as m32fp/m64fp/m80fp.</summary>
    internal static void WriteMemory(Emitter e, LLVMValueRef f64)
    {
        var address = e.Address();
        switch (e.Insn.MemorySize)
        {
            case MemorySize.Float32:
                e.Store(address, LLVMBuildFPTrunc(e.B, f64, e.T.F32, ""));
                return;
            case MemorySize.Float64:
                e.Store(address, f64);
                return;
            case MemorySize.Float80:
                e.X87StoreF80(address, f64);
                return;
            default:
                throw new UnsupportedInstructionException($"x87 memory operand {e.Insn.MemorySize}");
        }
    }

    /// <summary>The second operand of a two-operand form (ST(i) or memory), or ST(1) when there is none.</summary>
    internal static LLVMValueRef Source(Emitter e)
    {
        if (e.Insn.OpCount >= 1 && e.IsMemory(0)) return ReadMemory(e);
        if (e.Insn.OpCount >= 2) return e.X87Get(StIndex(e, 1));
        if (e.Insn.OpCount == 1) return e.X87Get(StIndex(e, 0));
        return e.X87Get(1);
    }

    /// <summary>The condition of fcmovcc (shared by the fast and exact models).</summary>
    /// <summary>fxch in either model: swaps the whole register slots and the tags of ST(0) and ST(i); C1 = 0.</summary>
    internal static void Fxch(Emitter e)
    {
        int i = e.Insn.OpCount >= 2 ? StIndex(e, 1) : 1;
        var p0 = e.X87Phys(0);
        var pi = e.X87Phys(i);
        var s0 = e.X87SlotPtr(p0);
        var si = e.X87SlotPtr(pi);
        var v0 = e.LoadPtr(e.T.I128, s0, 8);
        var vi = e.LoadPtr(e.T.I128, si, 8);
        var t0 = e.LoadPtr(e.T.I8, e.X87TagPtr(p0));
        var ti = e.LoadPtr(e.T.I8, e.X87TagPtr(pi));
        e.StorePtr(vi, s0, 8);
        e.StorePtr(v0, si, 8);
        e.StorePtr(ti, e.X87TagPtr(p0));
        e.StorePtr(t0, e.X87TagPtr(pi));
        e.X87SetCc(null, e.False, null, null);
    }

    /// <summary>Width of fist/fistp/fisttp's integer memory operand.</summary>
    internal static int IntegerStoreBits(Emitter e) => e.Insn.MemorySize switch
    {
        Iced.Intel.MemorySize.Int16 => 16,
        Iced.Intel.MemorySize.Int32 => 32,
        Iced.Intel.MemorySize.Int64 => 64,
        _ => throw new UnsupportedInstructionException($"fist to {e.Insn.MemorySize}"),
    };

    internal static Translator.Llvm.Interop.LLVMValueRef FcmovCondition(Emitter e)
    {
        var cf = e.GetFlag(Flag.CF);
        var zf = e.GetFlag(Flag.ZF);
        var pf = e.GetFlag(Flag.PF);
        var cond = e.Insn.Mnemonic switch
        {
            Mnemonic.Fcmovb => cf,
            Mnemonic.Fcmove => zf,
            Mnemonic.Fcmovbe => e.Or(cf, zf),
            Mnemonic.Fcmovu => pf,
            Mnemonic.Fcmovnb => e.Not(cf),
            Mnemonic.Fcmovne => e.Not(zf),
            Mnemonic.Fcmovnbe => e.Not(e.Or(cf, zf)),
            _ => e.Not(pf),
        };
        return cond;
    }
}
