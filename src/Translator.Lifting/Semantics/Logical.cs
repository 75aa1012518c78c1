using Iced.Intel;

namespace Translator.Lifting.Semantics;

/// <summary>Bitwise logic: and, or, xor, not, test.</summary>
public static class Logical
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.And, e => Logic(e, (a, b) => e.And(a, b), store: true));
        t.Add(Mnemonic.Or, e => Logic(e, (a, b) => e.Or(a, b), store: true));
        t.Add(Mnemonic.Xor, e => Logic(e, (a, b) => e.Xor(a, b), store: true));
        t.Add(Mnemonic.Test, e => Logic(e, (a, b) => e.And(a, b), store: false));
        t.Add(Mnemonic.Not, e => e.Write(0, e.Not(e.Read(0))));
    }

    private static void Logic(Emitter e, Func<Translator.Llvm.Interop.LLVMValueRef, Translator.Llvm.Interop.LLVMValueRef,
        Translator.Llvm.Interop.LLVMValueRef> op, bool store)
    {
        int bits = e.OpBits(0);
        var a = e.Read(0, bits);
        // xor r, r and sub r, r are zeroing idioms: no dependency on the old value.
        var b = e.Read(1, bits);
        var result = op(a, b);
        e.SetLogicFlags(result);
        if (store) e.Write(0, result);
    }
}
