namespace Translator.Cfg;

/// <summary>Splitting recovered blocks where a later pass needs an entry in the middle of one.</summary>
public static class BlockSplitting
{
    /// <summary>Cuts <paramref name="block"/> after its instruction <paramref name="index"/> (not the last): the rest
    /// becomes a new block of <paramref name="f"/> that inherits the end and successors; the head falls through to it.</summary>
    public static BasicBlock SplitAfter(GuestFunction f, BasicBlock block, int index)
    {
        var insns = block.Instructions;
        var tail = new BasicBlock { Start = insns[index].NextIP, End = block.End, CallTarget = block.CallTarget,
            JumpTable = block.JumpTable, UndecodableAt = block.UndecodableAt };
        tail.Instructions.AddRange(insns.Skip(index + 1));
        tail.Successors.AddRange(block.Successors);
        insns.RemoveRange(index + 1, insns.Count - index - 1);
        block.End = BlockEnd.FallThrough;
        block.CallTarget = null;
        block.JumpTable = null;
        block.UndecodableAt = null;
        block.Successors.Clear();
        block.Successors.Add(tail.Start);
        f.Blocks[tail.Start] = tail;
        return tail;
    }

    /// <summary>Visits every block of every function; a visit that splits its block returns the new tail, which is
    /// visited in turn (null: nothing more in this block).</summary>
    public static void VisitBlocks(GuestProgram program, Func<GuestFunction, BasicBlock, BasicBlock?> visit)
    {
        foreach (var f in program.Functions.Values)
        {
            var work = new Queue<BasicBlock>(f.Blocks.Values);
            while (work.TryDequeue(out var block))
                if (visit(f, block) is { } tail) work.Enqueue(tail);
        }
    }
}
