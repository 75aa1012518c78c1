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
            Mnemonic.Reservednop, Mnemonic.Prefetch, Mnemonic.Prefetchit0, Mnemonic.Prefetchit1, Mnemonic.Prefetchwt1,
            Mnemonic.Cldemote);
        // mfence orders everything, store->load included (dmb ish); lfence/sfence order loads / stores, which TSO
        // already does, but a relaxed translation needs them (dmb ishld / dmb ish).
        t.Add(Mnemonic.Mfence, e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingSequentiallyConsistent));
        t.Add(Mnemonic.Lfence, e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingAcquire));
        t.Add(Mnemonic.Sfence, e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingRelease));
        t.Add(e => Fence(e, LLVMAtomicOrdering.LLVMAtomicOrderingSequentiallyConsistent), Mnemonic.Clflush,
            Mnemonic.Clflushopt, Mnemonic.Clwb); // no cache to write back that another agent could see: order only
        t.Add(Mnemonic.Salc, e => e.SetGpr(Register.AL, e.Select(e.GetFlag(Flag.CF), e.Const(8, 0xff), e.Const(8, 0))));
        t.Add(Mnemonic.Rdfsbase, e => e.Write(0, e.Trunc(e.LoadPtr(e.T.I64, e.StateField(GuestStateLayout.FsBase), 8), e.OpBits(0))));
        t.Add(Mnemonic.Rdgsbase, e => e.Write(0, e.Trunc(e.LoadPtr(e.T.I64, e.StateField(GuestStateLayout.GsBase), 8), e.OpBits(0))));
        t.Add(Mnemonic.Wrfsbase, e => e.StorePtr(e.ZExt(e.Read(0), 64), e.StateField(GuestStateLayout.FsBase), 8));
        t.Add(Mnemonic.Wrgsbase, e => e.StorePtr(e.ZExt(e.Read(0), 64), e.StateField(GuestStateLayout.GsBase), 8));
        t.Add(Mnemonic.Smsw, Smsw);
        t.Add(Mnemonic.Sgdt, e => StoreDescriptorTable(e, UmipGdtBase));
        t.Add(Mnemonic.Sidt, e => StoreDescriptorTable(e, UmipIdtBase));
        t.Add(Mnemonic.Arpl, Arpl);
        t.Add(Mnemonic.Cld, e => e.SetFlag(Flag.DF, e.False));
        t.Add(Mnemonic.Std, e => e.SetFlag(Flag.DF, e.True));
        t.Add(Mnemonic.Clc, e => e.SetFlag(Flag.CF, e.False));
        t.Add(Mnemonic.Stc, e => e.SetFlag(Flag.CF, e.True));
        t.Add(Mnemonic.Cmc, e => e.SetFlag(Flag.CF, e.Not(e.GetFlag(Flag.CF))));
    }

    private static void Fence(Emitter e, LLVMAtomicOrdering ordering) => LLVMBuildFence(e.B, ordering, 0, "");

    // What Linux's UMIP emulation (arch/x86/kernel/umip.c) hands a user-mode process for smsw, sgdt and sidt, as
    // measured on the build host: CR0 = 0x80050033, descriptor tables with limit 0 at fixed dummy bases.
    private const ulong UmipCr0 = 0x80050033;
    private const ulong UmipGdtBase = 0xfffffffffffe0000, UmipIdtBase = 0xffffffffffff0000;

    /// <summary>smsw: a 16-bit destination (memory, or r16) gets CR0's low word; r32 the full 0x80050033 with the
    /// rest of a 64-bit register kept (the kernel's emulation writes 4 bytes; hardware leaves it undefined); r64
    /// the value zero-extended.</summary>
    private static void Smsw(Emitter e)
    {
        if (e.IsMemory(0) || e.OpBits(0) == 16)
        {
            e.Write(0, e.Const(16, UmipCr0 & 0xffff));
            return;
        }
        if (e.OpBits(0) == 64 || !e.Is64)
        {
            e.Write(0, e.Const(e.OpBits(0), UmipCr0));
            return;
        }
        int index = Emitter.GprIndex(e.Insn.Op0Register);
        e.SetGpr64(index, e.Or(e.And(e.GetGpr64(index), e.Const(64, 0xffffffff00000000)), e.Const(64, UmipCr0)));
    }

    /// <summary>sgdt/sidt m: limit 0 (2 bytes), then the base: 8 bytes in 64-bit mode, else 4 (also with a 16-bit
    /// operand size, as the kernel's emulation stores it).</summary>
    private static void StoreDescriptorTable(Emitter e, ulong dummyBase)
    {
        var address = e.Address();
        e.Store(address, e.Const(16, 0));
        var baseAddress = e.Add(address, e.Const(64, 2));
        if (e.Is64) e.Store(baseAddress, e.Const(64, dummyBase));
        else e.Store(baseAddress, e.Const(32, dummyBase & 0xffffffff));
    }

    /// <summary>arpl r/m16, r16 (i386 only; 63 is movsxd in 64-bit mode): raises the destination's requested
    /// privilege level (bits 1:0) to the source's, ZF = whether it did; no other flag changes.</summary>
    private static void Arpl(Emitter e)
    {
        var dest = e.Read(0, 16);
        var source = e.Read(1, 16);
        var destRpl = e.And(dest, e.Const(16, 3));
        var sourceRpl = e.And(source, e.Const(16, 3));
        var raise = e.Ult(destRpl, sourceRpl);
        var result = e.Select(raise, e.Or(e.And(dest, e.Const(16, 0xfffc)), sourceRpl), dest);
        // The o32 form (Iced's Arpl_r32m16_r32, the default) names a 32-bit register but writes its low word only.
        if (e.IsRegister(0) && e.Insn.Op0Register.GetSize() == 4)
            e.SetGpr(e.Insn.Op0Register - Register.EAX + Register.AX, result);
        else
            e.Write(0, result);
        e.SetFlag(Flag.ZF, raise);
    }

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
