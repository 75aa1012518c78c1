using Iced.Intel;

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
        t.Add(e => { }, Mnemonic.Nop, Mnemonic.Pause, Mnemonic.Endbr32, Mnemonic.Endbr64, Mnemonic.Prefetchnta,
            Mnemonic.Prefetcht0, Mnemonic.Prefetcht1, Mnemonic.Prefetcht2, Mnemonic.Prefetchw, Mnemonic.Lfence,
            Mnemonic.Sfence, Mnemonic.Mfence, Mnemonic.Wait);
        t.Add(Mnemonic.Cld, e => e.SetFlag(Flag.DF, e.False));
        t.Add(Mnemonic.Std, e => e.SetFlag(Flag.DF, e.True));
        t.Add(Mnemonic.Clc, e => e.SetFlag(Flag.CF, e.False));
        t.Add(Mnemonic.Stc, e => e.SetFlag(Flag.CF, e.True));
        t.Add(Mnemonic.Cmc, e => e.SetFlag(Flag.CF, e.Not(e.GetFlag(Flag.CF))));
    }

    private static void Int(Emitter e)
    {
        if (e.Insn.Immediate8 == 0x80 && !e.Is64)
        {
            e.Syscall();
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
}
