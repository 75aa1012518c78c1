namespace Translator.Lifting;

/// <summary>How guest loads and stores are ordered (docs/memory-model.md).</summary>
public enum MemoryModel
{
    /// <summary>Plain host loads and stores: ARM's weak ordering. Right for single-threaded guests, and fastest.</summary>
    Relaxed,
    /// <summary>x86 total store order: loads are acquire loads, stores are release stores (LDAR/STLR), except
    /// accesses through the guest stack pointer, which are taken to be thread-private.</summary>
    Tso,
}

/// <summary>Where translated code checks for asynchronous signals waiting for the guest (docs/signals.md).</summary>
public enum SignalChecks
{
    /// <summary>At syscalls only: a signal sent while the guest computes without syscalls waits for the next one.</summary>
    Syscalls,
    /// <summary>Also at every backward branch, so a signal reaches a loop that makes no syscall; costs two
    /// instructions per iteration plus a cold delivery path in every loop (+24 % on corpus/compute).</summary>
    Loops,
}

/// <summary>What a guest handler of a fault (SIGSEGV, SIGBUS) raised by a guest memory access sees (docs/signals.md).</summary>
public enum FaultModel
{
    /// <summary>rip exact, other registers as last stored (at calls, syscalls, jumps out); resuming elsewhere than
    /// at the faulting instruction unchanged works only at entries. No cost.</summary>
    Fast,
    /// <summary>Every register and flag exact at every memory access, and the handler may edit them, retry the
    /// instruction or skip it: every memory access stores the registers first and starts a block the runtime can
    /// enter. Costs a store of every written register per memory access.</summary>
    Precise,
}

/// <summary>Choices that change the code emitted for a translation.</summary>
public sealed record LiftOptions
{
    public X87Precision X87 { get; init; } = X87Precision.Exact;
    public MemoryModel Memory { get; init; } = MemoryModel.Relaxed;
    public SignalChecks SignalChecks { get; init; } = SignalChecks.Syscalls;
    public FaultModel Faults { get; init; } = FaultModel.Fast;
}
