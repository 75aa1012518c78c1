namespace Translator.Elf;

/// <summary>Thrown for any malformed or unsupported ELF input. The message is a single line naming the file;
/// names read from the file may hold any byte, so control characters in it are shown as '?'.</summary>
public sealed class ElfFormatException(string message) : Exception(OneLine(message))
{
    private static string OneLine(string s) =>
        s.Any(char.IsControl) ? string.Concat(s.Select(c => char.IsControl(c) ? '?' : c)) : s;
}

public enum ElfClass { Elf32 = 1, Elf64 = 2 }

/// <summary>One program header.</summary>
public sealed record ElfSegment(uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong PhysicalAddress,
    ulong FileSize, ulong MemorySize, ulong Alignment)
{
    public bool IsLoad => Type == ElfNative.PT_LOAD;
    public bool IsExecutable => (Flags & ElfNative.PF_X) != 0;
    public bool IsWritable => (Flags & ElfNative.PF_W) != 0;
    public bool IsReadable => (Flags & ElfNative.PF_R) != 0;

    /// <summary>True if <paramref name="virtualAddress"/> lies in [VirtualAddress, VirtualAddress + MemorySize).</summary>
    public bool ContainsAddress(ulong virtualAddress) =>
        virtualAddress >= VirtualAddress && virtualAddress - VirtualAddress < MemorySize;
}

/// <summary>One section header; <see cref="Name"/> is resolved through the section-header string table.</summary>
public sealed record ElfSection(int Index, string Name, uint Type, ulong Flags, ulong Address, ulong Offset,
    ulong Size, uint Link, uint Info, ulong Alignment, ulong EntrySize)
{
    public bool IsAllocated => (Flags & ElfNative.SHF_ALLOC) != 0;
    public bool IsExecutable => (Flags & ElfNative.SHF_EXECINSTR) != 0;
    public bool IsWritable => (Flags & ElfNative.SHF_WRITE) != 0;
    public bool HasFileData => Type != ElfNative.SHT_NOBITS && Type != ElfNative.SHT_NULL;
}

/// <summary>One symbol-table entry. Type = STT_*, Binding = STB_*. SectionIndex is the raw st_shndx.</summary>
public sealed record ElfSymbol(string Name, ulong Value, ulong Size, byte Type, byte Binding, ushort SectionIndex)
{
    public bool IsDefined => SectionIndex != ElfNative.SHN_UNDEF;
    public bool IsFunction => Type == ElfNative.STT_FUNC || Type == ElfNative.STT_GNU_IFUNC;
}

/// <summary>One note (from a PT_NOTE segment or SHT_NOTE section). Name has no trailing NUL.</summary>
public sealed record ElfNote(string Name, uint Type, byte[] Descriptor);
