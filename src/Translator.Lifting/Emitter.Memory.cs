using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>Guest memory accesses, ordered as <see cref="LiftOptions.Memory"/> asks.</summary>
public sealed partial class Emitter
{
    public LiftOptions Options => Unit.Options;

    /// <summary>Loads guest memory at a 64-bit host address.</summary>
    public LLVMValueRef Load(LLVMValueRef address64, LLVMTypeRef type)
    {
        if (!NeedsOrdering()) return LoadPtr(type, IntToPtr(address64));
        // A byte is always aligned, so LDARB can take it; wider accesses may be misaligned in x86 code, which
        // LDAR/STLR fault on before FEAT_LSE2, so they get barriers instead (docs/memory-model.md).
        if (AccessBytes(type) == 1) return MakeAtomic(LoadPtr(type, IntToPtr(address64)), 1, Acquire);
        return FencedLoad(address64, type);
    }

    public void Store(LLVMValueRef address64, LLVMValueRef value)
    {
        if (!NeedsOrdering()) StorePtr(value, IntToPtr(address64));
        else if (AccessBytes(LLVMTypeOf(value)) == 1) MakeAtomic(StorePlain(address64, value), 1, Release);
        else FencedStore(address64, value);
    }

    private const LLVMAtomicOrdering Acquire = LLVMAtomicOrdering.LLVMAtomicOrderingAcquire;
    private const LLVMAtomicOrdering Release = LLVMAtomicOrdering.LLVMAtomicOrderingRelease;

    /// <summary>A plain load followed by a load-load/load-store barrier (DMB ISHLD): TSO order at any alignment.</summary>
    private LLVMValueRef FencedLoad(LLVMValueRef address64, LLVMTypeRef type)
    {
        var value = LoadPtr(type, IntToPtr(address64));
        LLVMBuildFence(B, Acquire, 0, "");
        return value;
    }

    /// <summary>A full barrier before a plain store (DMB ISH): earlier loads and stores stay before it.</summary>
    private void FencedStore(LLVMValueRef address64, LLVMValueRef value)
    {
        LLVMBuildFence(B, Release, 0, "");
        StorePtr(value, IntToPtr(address64));
    }

    private LLVMValueRef StorePlain(LLVMValueRef address64, LLVMValueRef value)
    {
        var store = LLVMBuildStore(B, value, IntToPtr(address64));
        LLVMSetAlignment(store, 1);
        return store;
    }

    /// <summary>Stack slots reached through the stack pointer (push/pop, [rsp+d]) are taken to be private to their
    /// thread, so TSO needs no ordering for them.</summary>
    private bool NeedsOrdering() =>
        Options.Memory == MemoryModel.Tso && !_stackAccess && Insn.MemoryBase is not (Register.RSP or Register.ESP);

    private bool _stackAccess;

    private void StackStore(LLVMValueRef address64, LLVMValueRef value)
    {
        _stackAccess = true;
        try { Store(address64, value); } finally { _stackAccess = false; }
    }

    private LLVMValueRef StackLoad(LLVMValueRef address64, LLVMTypeRef type)
    {
        _stackAccess = true;
        try { return Load(address64, type); } finally { _stackAccess = false; }
    }

    /// <summary>Size of a scalar access LDAR/STLR can make; 0 for anything else (vectors, i128).</summary>
    private static uint AccessBytes(LLVMTypeRef type) => LLVMGetTypeKind(type) switch
    {
        LLVMTypeKind.LLVMIntegerTypeKind => LLVMGetIntTypeWidth(type) is 8 or 16 or 32 or 64 ? LLVMGetIntTypeWidth(type) / 8 : 0,
        LLVMTypeKind.LLVMFloatTypeKind => 4,
        LLVMTypeKind.LLVMDoubleTypeKind => 8,
        _ => 0,
    };

    private static LLVMValueRef MakeAtomic(LLVMValueRef access, uint bytes, LLVMAtomicOrdering ordering)
    {
        LLVMSetAlignment(access, bytes);
        LLVMSetOrdering(access, ordering);
        return access;
    }

    /// <summary>An empty asm that may read and write any memory, GuestState included (its pointer is an operand):
    /// the GuestState stores before it are neither dropped nor moved past a guest memory access after it.</summary>
    public void StateBarrier()
    {
        var type = LLVMFunctionType(T.Void, new[] { T.Ptr }, 1, 0);
        const string constraints = "r,~{memory}";
        var asm = LLVMGetInlineAsm(type, "", 0, constraints, (nuint)constraints.Length, 1, 0,
            LLVMInlineAsmDialect.LLVMInlineAsmDialectATT, 0);
        LLVMBuildCall2(B, type, asm, new[] { State }, 1, "");
    }
}
