using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>The XSAVE feature set for the user state components x87, SSE and AVX (XCR0 = 7): xgetbv, xsave,
/// xsaveopt, xsavec and xrstor (and their REX.W forms). The work is done by runtime/src/xsave.c on GuestState;
/// a #GP there (misaligned area, invalid header, reserved MXCSR bits, unknown XCR) becomes SIGSEGV as natively.
/// xsetbv, xsaves and xrstors are privileged: #GP.</summary>
internal static class XSave
{
    // runtime/src/xsave.c XLATE_XSAVE_*
    private const int KindXsave = 0, KindXsaveopt = 1, KindXsavec = 2;

    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Xgetbv, Xgetbv);
        t.Add(e => Save(e, KindXsave), Mnemonic.Xsave, Mnemonic.Xsave64);
        t.Add(e => Save(e, KindXsaveopt), Mnemonic.Xsaveopt, Mnemonic.Xsaveopt64);
        t.Add(e => Save(e, KindXsavec), Mnemonic.Xsavec, Mnemonic.Xsavec64);
        t.Add(Restore, Mnemonic.Xrstor, Mnemonic.Xrstor64);
        t.Add(e => e.Trap(TrapKind.Int, e.Insn.Mnemonic.ToString().ToLowerInvariant()),
            Mnemonic.Xsetbv, Mnemonic.Xsaves, Mnemonic.Xsaves64, Mnemonic.Xrstors, Mnemonic.Xrstors64);
    }

    /// <summary>EDX:EAX, the instruction mask.</summary>
    private static LLVMValueRef Mask(Emitter e) =>
        e.Or(e.Shl(e.ZExt(e.GetGpr(Register.EDX), 64), e.Const(64, 32)), e.ZExt(e.GetGpr(Register.EAX), 64));

    /// <summary>int name(GuestState *, void *area, uint64_t mask[, int kind]): 0, or -1 for #GP (nothing changed).</summary>
    private static LLVMValueRef CallOnArea(Emitter e, string name, int? kind)
    {
        var mask = Mask(e);
        var area = e.IntToPtr(e.Address());
        e.SyncOut(withFlags: false);
        return kind is { } k
            ? e.CallHelper(name, e.T.I32, new[] { e.T.Ptr, e.T.Ptr, e.T.I64, e.T.I32 }, e.State, area, mask, e.Const(32, (ulong)k))
            : e.CallHelper(name, e.T.I32, new[] { e.T.Ptr, e.T.Ptr, e.T.I64 }, e.State, area, mask);
    }

    private static void Save(Emitter e, int kind)
    {
        var status = CallOnArea(e, "xlate_xsave", kind);
        e.TrapIf(e.Ne(status, e.Const(32, 0)), TrapKind.Int, "xsave area not 64-byte aligned");
    }

    private static void Restore(Emitter e)
    {
        var status = CallOnArea(e, "xlate_xrstor", null);
        e.TrapIf(e.Ne(status, e.Const(32, 0)), TrapKind.Int, "xrstor: invalid xsave area");
        e.SyncIn(withFlags: false);
    }

    /// <summary>uint64_t xlate_xgetbv(GuestState *, uint32_t ecx): the XCR, or ~0 for #GP (no such register).</summary>
    private static void Xgetbv(Emitter e)
    {
        var ecx = e.GetGpr(Register.ECX);
        e.SyncOut(withFlags: false);
        var value = e.CallHelper("xlate_xgetbv", e.T.I64, new[] { e.T.Ptr, e.T.I32 }, e.State, ecx);
        e.TrapIf(e.Eq(value, e.Const(64, ulong.MaxValue)), TrapKind.Int, "xgetbv of an undefined XCR");
        e.SetGpr(Register.EAX, e.Trunc(value, 32));
        e.SetGpr(Register.EDX, e.Trunc(e.LShr(value, e.Const(64, 32)), 32));
    }
}
