using Iced.Intel;

namespace Translator.Cfg;

/// <summary>
/// For --faults=precise: a guest SIGSEGV/SIGBUS handler may retry the faulting instruction with edited registers or
/// skip it, so the runtime must be able to go on at a memory access and right after it. Every instruction that
/// touches memory (explicitly or through the stack, per Iced's used-memory info) gets its own block starting at it,
/// the following instruction starts the next one, and both become entries. The lifter stores every register at
/// the start of such blocks, which also makes the registers in the fault's frame exact.
/// </summary>
public static class FaultResumeEntries
{
    public static void Apply(GuestProgram program)
    {
        var infoFactory = new InstructionInfoFactory();
        BlockSplitting.VisitBlocks(program, (f, block) =>
        {
            var insns = block.Instructions;
            for (int i = 0; i < insns.Count; i++)
            {
                if (!AccessesMemory(insns[i], infoFactory)) continue;
                if (i > 0)
                {
                    var at = BlockSplitting.SplitAfter(f, block, i - 1);
                    f.ExternalEntries.Add(at.Start);
                    return at;
                }
                f.ExternalEntries.Add(block.Start);
                if (insns.Count == 1) return null;
                var after = BlockSplitting.SplitAfter(f, block, 0);
                f.ExternalEntries.Add(after.Start);
                return after;
            }
            return null;
        });
    }

    private static bool AccessesMemory(in Instruction ins, InstructionInfoFactory factory)
    {
        foreach (var m in factory.GetInfo(ins).GetUsedMemory())
            if (m.Access != OpAccess.NoMemAccess) return true;
        return false;
    }
}
