using Iced.Intel;
using Translator.Elf;
using Translator.X86;

namespace Translator.Cfg;

/// <summary>How a basic block ends.</summary>
public enum BlockEnd
{
    /// <summary>Falls into the next block (which starts where this one ends); Successors = [next].</summary>
    FallThrough,
    /// <summary>Unconditional direct jump; Successors = [target]. The target may lie in another function (a tail call).</summary>
    Jump,
    /// <summary>Conditional jump (jcc, loop*, jrcxz); Successors = [taken, not taken].</summary>
    ConditionalJump,
    /// <summary>Direct call; CallTarget set, Successors = [return site].</summary>
    Call,
    /// <summary>Indirect call (register or memory operand); Successors = [return site].</summary>
    IndirectCall,
    /// <summary>Indirect jump. Successors = known targets (from a jump table) if JumpTable is set, else empty.</summary>
    IndirectJump,
    /// <summary>ret / ret imm16.</summary>
    Return,
    /// <summary>Ends execution at this point: hlt, ud2, int3, undecodable bytes, or running off the end of code.</summary>
    Stop,
}

/// <summary>A recovered switch table: the indirect jump at the end of a block reads one of these targets.</summary>
public sealed record JumpTable(ulong TableAddress, int EntrySize, bool Relative, IReadOnlyList<ulong> Targets)
{
    /// <summary>For Relative tables: the address the sign-extended entries are added to. Null means TableAddress
    /// (x86-64 PIC tables); i386 GOTOFF tables use the GOT address.</summary>
    public ulong? RelativeBase { get; init; }
}

public sealed class BasicBlock
{
    public required ulong Start { get; init; }
    /// <summary>Decoded instructions in order; the last one is the terminator (for FallThrough, just the last one).</summary>
    public List<Instruction> Instructions { get; } = new();
    public BlockEnd End { get; set; }
    public List<ulong> Successors { get; } = new();
    /// <summary>Direct call target, when End == Call.</summary>
    public ulong? CallTarget { get; set; }
    public JumpTable? JumpTable { get; set; }
    /// <summary>When decoding failed at some address in this block: that address (End == Stop).</summary>
    public ulong? UndecodableAt { get; set; }
    public ulong EndAddress => Instructions.Count == 0 ? Start : Instructions[^1].NextIP;
}

public sealed class GuestFunction
{
    public required ulong Entry { get; init; }
    public string? Name { get; set; }
    /// <summary>Blocks keyed by start address. Blocks of one function never overlap each other.</summary>
    public SortedDictionary<ulong, BasicBlock> Blocks { get; } = new();
    /// <summary>Block starts (besides Entry) that code outside this function may enter through the runtime's
    /// lookup: return sites of calls, and addresses referenced from data or jump tables.</summary>
    public SortedSet<ulong> ExternalEntries { get; } = new();
}

/// <summary>Everything code discovery found in one guest executable.</summary>
public sealed class GuestProgram
{
    public required ElfFile Elf { get; init; }
    public required GuestMode Mode { get; init; }
    public required ulong EntryPoint { get; init; }
    /// <summary>Functions keyed by entry address.</summary>
    public SortedDictionary<ulong, GuestFunction> Functions { get; } = new();
    /// <summary>Addresses where discovery found no decodable instruction or an instruction it cannot follow.</summary>
    public List<(ulong Address, string Reason)> Problems { get; } = new();
    /// <summary>Entries of the functions holding a syscall that may be clone (see <see cref="ThreadStartEntries"/>).</summary>
    public HashSet<ulong> FunctionsWithClone { get; } = new();
}
