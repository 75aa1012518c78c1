using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>System interface: syscalls, cpuid, time stamp counter, traps, hints and fences.</summary>
public static class SystemOps
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Syscall, e => e.Syscall());
        t.Add(Mnemonic.Int, Int);
        t.Add(Mnemonic.Int3, e => e.Trap(TrapKind.Int3, "int3"));
        t.Add(Mnemonic.Ud2, e => e.Trap(TrapKind.Ud2, "ud2"));
        t.Add(Mnemonic.Hlt, e => e.Trap(TrapKind.Hlt, "hlt"));
        t.Add(Mnemonic.Cpuid, e => e.Cpuid());
        t.Add(Mnemonic.Rdtsc, Rdtsc);
        t.Add(Mnemonic.Rdtscp, e =>
        {
            Rdtsc(e);
            e.SetGpr(Register.ECX, e.Const(32, 0)); // IA32_TSC_AUX: Linux keeps the CPU number there; we run on "CPU 0"
        });
        t.Add(RandomNumber, Mnemonic.Rdrand, Mnemonic.Rdseed);
        t.Add(Mnemonic.Into, e => e.TrapIf(e.GetFlag(Flag.OF), TrapKind.Int, "into with OF set"));
        t.Add(e => { }, Mnemonic.Nop, Mnemonic.Pause, Mnemonic.Endbr32, Mnemonic.Endbr64, Mnemonic.Prefetchnta,
            Mnemonic.Prefetcht0, Mnemonic.Prefetcht1, Mnemonic.Prefetcht2, Mnemonic.Prefetchw, Mnemonic.Wait,
            Mnemonic.Reservednop);
        // mfence orders everything, store->load included (dmb ish); lfence/sfence order loads / stores, which TSO
        // already does, but a relaxed translation needs them (dmb ishld / dmb ish).
        t.Add(Mnemonic.Mfence, e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingSequentiallyConsistent));
        t.Add(Mnemonic.Lfence, e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingAcquire));
        t.Add(Mnemonic.Sfence, e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingRelease));
        t.Add(e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingSequentiallyConsistent), Mnemonic.Clflush,
            Mnemonic.Clflushopt, Mnemonic.Clwb); // no cache to write back that another agent could see: order only
        t.Add(Mnemonic.Salc, e => e.SetGpr(Register.AL, e.Select(e.GetFlag(Flag.CF), e.Const(8, 0xff), e.Const(8, 0))));
        t.Add(Mnemonic.Cld, e => e.SetFlag(Flag.DF, e.False));
        t.Add(Mnemonic.Std, e => e.SetFlag(Flag.DF, e.True));
        t.Add(Mnemonic.Clc, e => e.SetFlag(Flag.CF, e.False));
        t.Add(Mnemonic.Stc, e => e.SetFlag(Flag.CF, e.True));
        t.Add(Mnemonic.Cmc, e => e.SetFlag(Flag.CF, e.Not(e.GetFlag(Flag.CF))));
    }

    private static void Fence(Emitter e, LLVMAtomicOrdering ordering) => LLVMBuildFence(e.B, ordering, 0, "");

    private static void Int(Emitter e)
    {
        if (e.Insn.Immediate8 == 0x80)
        {
            e.Syscall(i386Abi: e.Is64);
            return;
        }
        e.Trap(TrapKind.Int, $"int 0x{e.Insn.Immediate8:x}");
    }

    private static void Rdtsc(Emitter e)
    {
        var tsc = e.Rdtsc();
        e.SetGpr(Register.EAX, e.Trunc(tsc, 32));
        e.SetGpr(Register.EDX, e.Trunc(e.LShr(tsc, 32), 32));
    }

    /// <summary>rdrand/rdseed: always succeed (CF = 1, OF = SF = ZF = AF = PF = 0). The value is splitmix64 over a
    /// per-module state seeded and advanced by the time stamp counter: unpredictable enough for hash seeds, not a
    /// cryptographic source (CPUID does not advertise RDRAND/RDSEED, so libraries do not rely on it).</summary>
    private static void RandomNumber(Emitter e)
    {
        const string StateName = "xlate.rdrand_state";
        var state = LLVMGetNamedGlobal(e.Module, StateName);
        if (state.IsNull)
        {
            state = LLVMAddGlobal(e.Module, e.T.I64, StateName);
            LLVMSetInitializer(state, e.Const(64, 0));
            LLVMSetLinkage(state, LLVMLinkage.LLVMInternalLinkage);
        }
        var x = e.Add(e.Add(e.LoadPtr(e.T.I64, state, 8), e.Rdtsc()), e.Const(64, 0x9e3779b97f4a7c15));
        e.StorePtr(x, state, 8);
        x = e.Mul(e.Xor(x, e.LShr(x, 30)), e.Const(64, 0xbf58476d1ce4e5b9));
        x = e.Mul(e.Xor(x, e.LShr(x, 27)), e.Const(64, 0x94d049bb133111eb));
        x = e.Xor(x, e.LShr(x, 31));
        e.Write(0, e.Trunc(x, e.OpBits(0)));
        e.SetFlag(Flag.CF, e.True);
        foreach (var f in new[] { Flag.OF, Flag.SF, Flag.ZF, Flag.AF, Flag.PF }) e.SetFlag(f, e.False);
    }
}
