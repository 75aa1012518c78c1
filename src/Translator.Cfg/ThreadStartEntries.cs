using Iced.Intel;
using Translator.X86;

namespace Translator.Cfg;

/// <summary>
/// A thread made by clone starts at the instruction after the syscall, in a fresh dispatch loop on a host stack of
/// its own: that instruction must be an entry the runtime lookup can find. Every syscall site that may be clone
/// (the number in eax is clone's, or not a constant in its block) gets its following instruction as an entry.
/// </summary>
public static class ThreadStartEntries
{
    private const ulong X64Clone = 56, I386Clone = 120;

    public static void Apply(GuestProgram program)
    {
        ulong clone = program.Mode == GuestMode.X64 ? X64Clone : I386Clone;
        var infoFactory = new InstructionInfoFactory();
        BlockSplitting.VisitBlocks(program, (f, block) =>
        {
            var insns = block.Instructions;
            for (int i = 0; i < insns.Count; i++)
            {
                if (!IsSyscall(insns[i])) continue;
                if (SyscallNumber(insns, i, infoFactory) is { } n && n != clone) continue;
                program.FunctionsWithClone.Add(f.Entry);
                if (i == insns.Count - 1)
                {
                    if (block.End == BlockEnd.FallThrough && f.Blocks.ContainsKey(insns[i].NextIP))
                        f.ExternalEntries.Add(insns[i].NextIP);
                    return null;
                }
                var tail = BlockSplitting.SplitAfter(f, block, i);
                f.ExternalEntries.Add(tail.Start);
                return tail;
            }
            return null;
        });
    }

    /// <summary>Whether the program (after reachability) can start threads: it has pthread_create, or, when it has no
    /// symbols to tell, any syscall that may be clone (fork is one too, so this errs on the safe side).</summary>
    public static bool MayCreateThreads(GuestProgram program)
    {
        var functions = program.Functions.Values;
        if (functions.Any(f => f.Name is "pthread_create" or "__pthread_create" or "__pthread_create_2_1" or "thrd_create")) return true;
        if (functions.Any(f => f.Name != null)) return false;
        return functions.Any(f => program.FunctionsWithClone.Contains(f.Entry));
    }

    private static bool IsSyscall(in Instruction ins) =>
        ins.Mnemonic is Mnemonic.Syscall or Mnemonic.Sysenter || (ins.Mnemonic == Mnemonic.Int && ins.Immediate8 == 0x80);

    /// <summary>The constant moved into eax/rax before the syscall in its block, or null if unknown.</summary>
    private static ulong? SyscallNumber(List<Instruction> insns, int syscallIndex, InstructionInfoFactory factory)
    {
        for (int j = syscallIndex - 1; j >= 0; j--)
        {
            var ins = insns[j];
            var info = factory.GetInfo(ins);
            bool writesEax = info.GetUsedRegisters().Any(r => r.Register.GetFullRegister() == Register.RAX
                && r.Access is OpAccess.Write or OpAccess.ReadWrite or OpAccess.CondWrite or OpAccess.ReadCondWrite);
            if (!writesEax) continue;
            if (ins.Mnemonic == Mnemonic.Mov && ins.Op0Kind == OpKind.Register
                && ins.Op0Register is Register.EAX or Register.RAX
                && ins.Op1Kind is OpKind.Immediate32 or OpKind.Immediate32to64)
                return ins.GetImmediate(1) & 0xffffffff;
            return null;
        }
        return null;
    }
}
