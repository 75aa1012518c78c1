using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>Calls from translated code into the runtime and into other translated units.</summary>
public sealed partial class Emitter
{
    private LLVMValueRef Call(LLVMTypeRef type, LLVMValueRef fn, params LLVMValueRef[] args) =>
        LLVMBuildCall2(B, type, fn, args, (uint)args.Length, "");

    /// <summary>Calls (declaring on first use) a runtime helper that takes/returns only values or pointers and does not
    /// touch the guest state's registers (x87 arithmetic, SSE4.2 string compares, AES rounds...).</summary>
    public LLVMValueRef CallHelper(string name, LLVMTypeRef ret, LLVMTypeRef[] parameters, params LLVMValueRef[] args)
    {
        var type = LLVMFunctionType(ret, parameters, (uint)parameters.Length, 0);
        var fn = LLVMGetNamedFunction(Module, name);
        if (fn.IsNull) fn = LLVMAddFunction(Module, name, type);
        return Call(type, fn, args);
    }

    /// <summary>Calls a runtime helper that reads and writes GuestState registers (not flags).</summary>
    public void CallRuntimeOnState(LLVMValueRef fn, LLVMTypeRef type)
    {
        SyncOut(withFlags: false);
        Call(type, fn, State);
        SyncIn(withFlags: false);
    }

    /// <summary>A syscall; <paramref name="i386Abi"/>: `int $0x80` in a 64-bit guest, which uses the i386 ABI.</summary>
    public void Syscall(bool i386Abi = false)
    {
        StorePtr(Const(64, Insn.NextIP), StateField(GuestStateLayout.Rip), 8);
        CallRuntimeOnState(i386Abi ? Unit.Int80 : Unit.Syscall, Unit.SyscallType);
        // A signal handler run at the end of the syscall may have changed the interrupted context (sigreturn
        // reloads rip from the frame): continue at the guest's rip through the dispatch when it is not ours.
        var rip = LoadPtr(T.I64, StateField(GuestStateLayout.Rip), 8);
        var redirected = NewBlock("syscall_redirected");
        var next = NewBlock("syscall_next");
        LLVMBuildCondBr(B, Ne(rip, Const(64, Insn.NextIP)), redirected, next);
        PositionAt(redirected);
        TailJump(rip);
        PositionAt(next);
    }

    public void Cpuid() => CallRuntimeOnState(Unit.Cpuid, Unit.CpuidType);

    public LLVMValueRef Rdtsc() => Call(Unit.RdtscType, Unit.Rdtsc, State);

    public void LoadSegment(int segment, LLVMValueRef selector16)
    {
        SyncOut(withFlags: false);
        Call(Unit.LoadSegmentType, Unit.LoadSegment, State, Const(32, (ulong)segment), ZExt(selector16, 32));
    }

    /// <summary>Stops the guest with a signal (the block is terminated with unreachable).</summary>
    public void Trap(TrapKind kind, string what)
    {
        SyncOut(withFlags: true);
        StorePtr(Const(64, Insn.IP), StateField(GuestStateLayout.Rip), 8);
        Call(Unit.TrapType, Unit.Trap, State, Const(64, Insn.IP), Const(32, (ulong)kind), Unit.CString(what));
        LLVMBuildUnreachable(B);
    }

    /// <summary>Calls a translated unit at entry <paramref name="guestTarget"/> and returns the guest return
    /// address it popped.</summary>
    public LLVMValueRef CallUnit(ulong guestTarget)
    {
        var call = Call(T.UnitFn, Unit.UnitFunction(guestTarget), State, Const(64, guestTarget));
        return call;
    }

    /// <summary>Calls whatever translation the runtime finds for a computed guest address, through a per-site
    /// inline cache holding the runtime's table row (guest and host address, replaced as one pointer).</summary>
    public LLVMValueRef CallIndirect(LLVMValueRef target64)
    {
        var cache = LLVMAddGlobal(Module, T.Ptr, $"xlate.ic.{Insn.IP:x}");
        LLVMSetInitializer(cache, LLVMConstPointerNull(T.Ptr));
        LLVMSetLinkage(cache, LLVMLinkage.LLVMInternalLinkage);
        var check = NewBlock("ic_check");
        var miss = NewBlock("ic_miss");
        var done = NewBlock("ic_done");
        var row = LoadPtr(T.Ptr, cache, 8);
        LLVMBuildCondBr(B, LLVMBuildIsNotNull(B, row, ""), check, miss);
        PositionAt(check);
        var hitHost = LoadPtr(T.Ptr, BytePtr(row, 8), 8);
        LLVMBuildCondBr(B, Eq(LoadPtr(T.I64, row, 8), target64), done, miss);
        PositionAt(miss);
        var fresh = Call(Unit.LookupType, Unit.LookupEntry, State, target64, Const(64, Insn.IP));
        StorePtr(fresh, cache, 8);
        var missHost = LoadPtr(T.Ptr, BytePtr(fresh, 8), 8);
        LLVMBuildBr(B, done);
        PositionAt(done);
        var host = LLVMBuildPhi(B, T.Ptr, "");
        LLVMAddIncoming(host, new[] { hitHost, missHost }, new[] { check, miss }, 2);
        return Call(T.UnitFn, host, State, target64);
    }

    /// <summary>Leaves the function by jumping to a guest address: a sibling call whose result is ours.</summary>
    public void TailJump(LLVMValueRef target64, ulong? knownUnit = null)
    {
        if (knownUnit == null && DispatchJump != null)
        {
            DispatchJump(target64);
            return;
        }
        SyncOut(withFlags: true);
        LLVMValueRef result;
        if (knownUnit is { } entry)
            result = Call(T.UnitFn, Unit.UnitFunction(entry), State, target64);
        else
        {
            var fn = Call(Unit.LookupType, Unit.Lookup, State, target64, Const(64, Insn.IP));
            result = Call(T.UnitFn, fn, State, target64);
        }
        LLVMSetTailCall(result, 1);
        LLVMBuildRet(B, result);
    }
}

/// <summary>Kinds of guest trap (XLATE_TRAP_* in guest_state.h).</summary>
public enum TrapKind
{
    Unsupported = 1,
    Ud2 = 2,
    Int3 = 3,
    Hlt = 4,
    Divide = 5,
    Int = 6,
}

public sealed partial class Emitter
{
    public LLVMBasicBlockRef NewBlock(string name) =>
        LLVMAppendBasicBlockInContext(T.Context, Function, name);

    public void PositionAt(LLVMBasicBlockRef block) => LLVMPositionBuilderAtEnd(B, block);

    /// <summary>Traps (e.g. #DE → SIGFPE) when <paramref name="condition"/> holds, else continues.</summary>
    public void TrapIf(LLVMValueRef condition, TrapKind kind, string what)
    {
        var trap = NewBlock("trap");
        var cont = NewBlock("cont");
        LLVMBuildCondBr(B, condition, trap, cont);
        PositionAt(trap);
        Trap(kind, what);
        PositionAt(cont);
    }
}
