using Iced.Intel;

namespace Translator.Cfg;

/// <summary>
/// Hand-written code sometimes jumps to an address it computes (i386 glibc's __mpn_add_n enters its unrolled loop
/// at `base + 9 * n`). When a function has a register-indirect jump with no recovered table, every instruction in
/// it becomes a block the runtime lookup can enter. Larger functions are left alone: their computed jumps are gcc
/// label tables (printf's, gconv's), whose targets are code pointers in data and so entries already, and splitting
/// them costs minutes of register coalescing in LLVM (1,800 one-instruction blocks, 30,000 phis).
/// </summary>
public static class ComputedJumpEntries
{
    public const int MaxInstructions = 500;

    public static void Apply(GuestProgram program)
    {
        foreach (var f in program.Functions.Values)
        {
            bool computed = f.Blocks.Values.Any(b => b.End == BlockEnd.IndirectJump && b.JumpTable == null
                && b.Instructions.Count > 0 && b.Instructions[^1].Op0Kind == OpKind.Register);
            if (!computed || f.Blocks.Values.Sum(b => b.Instructions.Count) > MaxInstructions) continue;
            SplitEveryInstruction(f);
        }
    }

    private static void SplitEveryInstruction(GuestFunction f)
    {
        foreach (var block in f.Blocks.Values.ToList())
        {
            if (block.Instructions.Count <= 1) continue;
            var insns = block.Instructions.ToList();
            var last = new BasicBlock { Start = insns[^1].IP, End = block.End, CallTarget = block.CallTarget,
                JumpTable = block.JumpTable, UndecodableAt = block.UndecodableAt };
            last.Instructions.Add(insns[^1]);
            last.Successors.AddRange(block.Successors);
            for (int i = 0; i < insns.Count - 1; i++)
            {
                if (f.Blocks.TryGetValue(insns[i].IP, out var existing) && existing != block) continue;
                var single = new BasicBlock { Start = insns[i].IP, End = BlockEnd.FallThrough };
                single.Instructions.Add(insns[i]);
                single.Successors.Add(insns[i].NextIP);
                f.Blocks[insns[i].IP] = single;
                f.ExternalEntries.Add(insns[i].IP);
            }
            if (!f.Blocks.ContainsKey(last.Start) || f.Blocks[last.Start] == block) f.Blocks[last.Start] = last;
            f.ExternalEntries.Add(last.Start);
        }
    }
}
