using Iced.Intel;
using Translator.Elf;

namespace Translator.Cfg;

/// <summary>
/// The functions a run can reach: from the entry point, init/fini arrays, function addresses stored in data,
/// and, transitively, direct calls, tail jumps and function addresses taken in reachable code. Static binaries
/// carry all of libc; translating only this set keeps translation time proportional to what the program uses.
/// A jump at run time to a function outside the set is reported by the runtime like any untranslated address.
/// </summary>
public static class Reachability
{
    public static HashSet<ulong> Compute(GuestProgram program)
    {
        var functions = program.Functions;
        var reached = new HashSet<ulong>();
        var work = new Stack<ulong>();
        void Reach(ulong address)
        {
            if (functions.ContainsKey(address) && reached.Add(address)) work.Push(address);
        }

        // i386 PIC code (static glibc is built that way) forms addresses as GOT + displacement.
        ulong? got = program.Mode == X86.GuestMode.I386 ? GotAddress(program.Elf) : null;
        Reach(program.EntryPoint);
        foreach (var a in program.Elf.GetInitArrayFunctions()) Reach(a);
        foreach (var a in DataPointersToFunctions(program)) Reach(a);
        while (work.Count > 0)
        {
            var f = functions[work.Pop()];
            foreach (var block in f.Blocks.Values)
            {
                if (block.CallTarget is { } t) Reach(t);
                foreach (var s in block.Successors) Reach(s);
                foreach (var insn in block.Instructions) ReachReferences(insn, got, Reach);
            }
        }
        return reached;
    }

    private static ulong? GotAddress(ElfFile elf)
    {
        var symbol = elf.Symbols.FirstOrDefault(s => s.Name == "_GLOBAL_OFFSET_TABLE_");
        if (symbol != null) return symbol.Value;
        return elf.FindSection(".got.plt")?.Address ?? elf.FindSection(".got")?.Address;
    }

    private static void ReachReferences(in Instruction insn, ulong? got, Action<ulong> reach)
    {
        for (int i = 0; i < insn.OpCount; i++)
        {
            switch (insn.GetOpKind(i))
            {
                case OpKind.Immediate32: reach(insn.Immediate32); break;
                case OpKind.Immediate32to64: reach((ulong)insn.Immediate32to64); break;
                case OpKind.Immediate64: reach(insn.Immediate64); break;
                case OpKind.Memory:
                    if (insn.IsIPRelativeMemoryOperand) reach(insn.IPRelativeMemoryAddress);
                    else reach(insn.MemoryDisplacement64);
                    if (got is { } g && insn.MemoryBase != Register.None)
                        reach((uint)(g + insn.MemoryDisplacement32));
                    break;
            }
        }
    }

    private static IEnumerable<ulong> DataPointersToFunctions(GuestProgram program) =>
        DataPointers.Values(program.Elf, program.Mode == X86.GuestMode.X64 ? 8 : 4).Where(program.Functions.ContainsKey);
}
