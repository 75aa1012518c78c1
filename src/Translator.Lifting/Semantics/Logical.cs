using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>Bitwise logic: and, or, xor, not, test.</summary>
public static class Logical
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.And, e => Logic(e, (a, b) => e.And(a, b), LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAnd, store: true));
        t.Add(Mnemonic.Or, e => Logic(e, (a, b) => e.Or(a, b), LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpOr, store: true));
        t.Add(Mnemonic.Xor, e => Logic(e, (a, b) => e.Xor(a, b), LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpXor, store: true));
        t.Add(Mnemonic.Test, e => Logic(e, (a, b) => e.And(a, b), LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAnd, store: false));
        t.Add(Mnemonic.Not, Not);
    }

    private static void Logic(Emitter e, Func<LLVMValueRef, LLVMValueRef, LLVMValueRef> op, LLVMAtomicRMWBinOp atomicOp,
        bool store)
    {
        int bits = e.OpBits(0);
        var b = e.Read(1, bits);
        bool locked = store && e.IsLockedMemoryDestination;
        var a = locked ? e.AtomicRmw(atomicOp, b) : e.Read(0, bits);
        var result = op(a, b);
        e.SetLogicFlags(result);
        if (store && !locked) e.Write(0, result);
    }

    /// <summary>not changes no flags; locked, it is an atomic xor with all ones.</summary>
    private static void Not(Emitter e)
    {
        if (e.IsLockedMemoryDestination)
            e.AtomicRmw(LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpXor, e.Const(e.OpBits(0), ulong.MaxValue));
        else
            e.Write(0, e.Not(e.Read(0)));
    }
}
