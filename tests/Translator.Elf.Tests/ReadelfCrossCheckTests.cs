using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;
using static Translator.Elf.ElfNative;

namespace Translator.Elf.Tests;

public class ReadelfCrossCheckTests
{
    public static TheoryData<string> Variants() => new(TestBinaries.Variants);

    private static ulong Hex(string s) => ulong.Parse(s.StartsWith("0x") ? s[2..] : s, NumberStyles.HexNumber);

    private static string HeaderField(string header, string label)
    {
        var m = Regex.Match(header, "^\\s*" + Regex.Escape(label) + ":\\s*(.*)$", RegexOptions.Multiline);
        Assert.True(m.Success, $"readelf -h lacks {label}");
        return m.Groups[1].Value.Trim();
    }

    [Theory, MemberData(nameof(Variants))]
    public void Header_MatchesReadelf(string variant)
    {
        var elf = ElfFile.Load(TestBinaries.PathOf(variant));
        string h = Tools.Run("readelf", "-W", "-h", TestBinaries.PathOf(variant));
        Assert.Equal(HeaderField(h, "Class"), elf.Class == ElfClass.Elf64 ? "ELF64" : "ELF32");
        string type = HeaderField(h, "Type");
        Assert.StartsWith(elf.Type switch { ET_EXEC => "EXEC", ET_DYN => "DYN", ET_REL => "REL", _ => "?" }, type);
        ushort expectedMachine = HeaderField(h, "Machine") switch
        {
            "Advanced Micro Devices X86-64" => EM_X86_64,
            "Intel 80386" => EM_386,
            "AArch64" => EM_AARCH64,
            var m => throw new Xunit.Sdk.XunitException("unknown machine " + m),
        };
        Assert.Equal(expectedMachine, elf.Machine);
        Assert.Equal(Hex(HeaderField(h, "Entry point address")), elf.Entry);
        Assert.Equal(ulong.Parse(HeaderField(h, "Start of program headers").Split(' ')[0]), elf.ProgramHeaderOffset);
        Assert.Equal(ushort.Parse(HeaderField(h, "Size of program headers").Split(' ')[0]), elf.ProgramHeaderEntrySize);
        Assert.Equal(int.Parse(HeaderField(h, "Number of program headers")), elf.Segments.Count);
        Assert.Equal(int.Parse(HeaderField(h, "Number of section headers")), elf.Sections.Count);

        Assert.Equal(variant.Contains("dynamic"), elf.IsDynamicallyLinked);
        Assert.Equal(variant.Contains("static-pie"), elf.IsStaticPie);
    }

    private static readonly Dictionary<string, uint> SegmentTypes = new()
    {
        ["NULL"] = PT_NULL, ["LOAD"] = PT_LOAD, ["DYNAMIC"] = PT_DYNAMIC, ["INTERP"] = PT_INTERP, ["NOTE"] = PT_NOTE,
        ["PHDR"] = PT_PHDR, ["TLS"] = PT_TLS, ["GNU_EH_FRAME"] = PT_GNU_EH_FRAME, ["GNU_STACK"] = PT_GNU_STACK,
        ["GNU_RELRO"] = PT_GNU_RELRO, ["GNU_PROPERTY"] = PT_GNU_PROPERTY,
    };

    [Theory, MemberData(nameof(Variants))]
    public void ProgramHeaders_MatchReadelf(string variant)
    {
        var elf = ElfFile.Load(TestBinaries.PathOf(variant));
        string l = Tools.Run("readelf", "-W", "-l", TestBinaries.PathOf(variant));
        var rows = Regex.Matches(l, @"^\s+([A-Z_0-9+x]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+([RWE ]+?)\s+(0x[0-9a-f]+)\s*$", RegexOptions.Multiline);
        Assert.Equal(rows.Count, elf.Segments.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var g = rows[i].Groups;
            var s = elf.Segments[i];
            if (SegmentTypes.TryGetValue(g[1].Value, out uint t)) Assert.Equal(t, s.Type);
            Assert.Equal(Hex(g[2].Value), s.Offset);
            Assert.Equal(Hex(g[3].Value), s.VirtualAddress);
            Assert.Equal(Hex(g[4].Value), s.PhysicalAddress);
            Assert.Equal(Hex(g[5].Value), s.FileSize);
            Assert.Equal(Hex(g[6].Value), s.MemorySize);
            Assert.Equal(Hex(g[8].Value), s.Alignment);
            string f = g[7].Value;
            Assert.Equal(f.Contains('R'), s.IsReadable);
            Assert.Equal(f.Contains('W'), s.IsWritable);
            Assert.Equal(f.Contains('E'), s.IsExecutable);
        }
        Assert.Contains(elf.Segments, s => s.IsLoad && s.IsExecutable);
        var text = elf.FindSection(".text")!;
        Assert.Same(elf.FindLoadSegment(text.Address), elf.FindLoadSegment(text.Address + text.Size - 1));
        Assert.True(elf.FindLoadSegment(text.Address)!.IsExecutable);
    }

    private static readonly Dictionary<string, uint> SectionTypes = new()
    {
        ["NULL"] = SHT_NULL, ["PROGBITS"] = SHT_PROGBITS, ["SYMTAB"] = SHT_SYMTAB, ["STRTAB"] = SHT_STRTAB,
        ["RELA"] = SHT_RELA, ["HASH"] = SHT_HASH, ["DYNAMIC"] = SHT_DYNAMIC, ["NOTE"] = SHT_NOTE, ["NOBITS"] = SHT_NOBITS,
        ["REL"] = SHT_REL, ["DYNSYM"] = SHT_DYNSYM, ["INIT_ARRAY"] = SHT_INIT_ARRAY, ["FINI_ARRAY"] = SHT_FINI_ARRAY,
        ["PREINIT_ARRAY"] = SHT_PREINIT_ARRAY, ["GNU_HASH"] = SHT_GNU_HASH, ["VERSYM"] = SHT_GNU_versym,
        ["VERNEED"] = SHT_GNU_verneed, ["VERDEF"] = SHT_GNU_verdef,
    };

    [Theory, MemberData(nameof(Variants))]
    public void SectionHeaders_MatchReadelf(string variant)
    {
        var elf = ElfFile.Load(TestBinaries.PathOf(variant));
        string s = Tools.Run("readelf", "-W", "-S", TestBinaries.PathOf(variant));
        var rows = Regex.Matches(s, @"^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]{2})\s", RegexOptions.Multiline);
        Assert.True(rows.Count > 10);
        Assert.Equal(rows.Count + 1, elf.Sections.Count); // row [0] has an empty name and is not matched
        foreach (Match m in rows)
        {
            var g = m.Groups;
            var sec = elf.Sections[int.Parse(g[1].Value)];
            Assert.Equal(g[2].Value, sec.Name);
            if (SectionTypes.TryGetValue(g[3].Value, out uint t)) Assert.Equal(t, sec.Type);
            Assert.Equal(Hex(g[4].Value), sec.Address);
            Assert.Equal(Hex(g[5].Value), sec.Offset);
            Assert.Equal(Hex(g[6].Value), sec.Size);
            Assert.Equal(Hex(g[7].Value), sec.EntrySize);
            Assert.Equal(sec.Name, elf.FindSection(sec.Name)?.Name);
        }
        Assert.Null(elf.FindSection(".no-such-section"));
        // Section contents through the loaded-image API equal the file bytes.
        var rodata = elf.FindSection(".rodata")!;
        var buf = new byte[(int)Math.Min(rodata.Size, 256)];
        Assert.True(elf.TryRead(rodata.Address, buf));
        Assert.Equal(elf.Data.AsSpan((int)rodata.Offset, buf.Length).ToArray(), buf);
        Assert.Equal(buf, elf.GetFileBytes(rodata.Address, buf.Length).ToArray());
        var bss = elf.FindSection(".bss")!;
        Assert.True(elf.TryRead(bss.Address, new byte[16]));
        Assert.True(elf.GetFileBytes(bss.Address + bss.Size - 1, 8).IsEmpty);
        ulong unmapped = elf.Class == ElfClass.Elf64 ? ulong.MaxValue - 3 : uint.MaxValue - 3;
        Assert.True(elf.GetFileBytes(unmapped, 8).IsEmpty);
        Assert.False(elf.TryRead(unmapped, new byte[8]));
        Assert.Null(elf.ReadPointer(unmapped, elf.Class == ElfClass.Elf64 ? 8 : 4));
        Assert.Null(elf.FindLoadSegment(unmapped));
    }

    private static readonly Dictionary<string, byte> SymbolTypes = new()
    {
        ["NOTYPE"] = STT_NOTYPE, ["OBJECT"] = STT_OBJECT, ["FUNC"] = STT_FUNC, ["SECTION"] = STT_SECTION,
        ["FILE"] = STT_FILE, ["TLS"] = STT_TLS, ["IFUNC"] = STT_GNU_IFUNC, ["COMMON"] = STT_COMMON,
    };

    [Theory, MemberData(nameof(Variants))]
    public void Symbols_MatchReadelf(string variant)
    {
        var elf = ElfFile.Load(TestBinaries.PathOf(variant));
        string s = Tools.Run("readelf", "-W", "-s", TestBinaries.PathOf(variant));
        int expected = Regex.Matches(s, @"^Symbol table '.*' contains (\d+) entries:", RegexOptions.Multiline)
            .Sum(m => int.Parse(m.Groups[1].Value) - 1);
        Assert.Equal(expected, elf.Symbols.Count);

        // Rows of .symtab (printed after .dynsym): compare every 7th entry plus all named functions of interest.
        int symtabStart = s.IndexOf("Symbol table '.symtab'", StringComparison.Ordinal);
        Assert.True(symtabStart >= 0);
        var rows = Regex.Matches(s[symtabStart..], @"^\s*(\d+): ([0-9a-f]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?: (.*))?$", RegexOptions.Multiline);
        int dynCount = elf.Sections.Where(x => x.Type == SHT_DYNSYM).Sum(x => (int)(x.Size / x.EntrySize) - 1);
        var symtab = elf.Symbols.Take(elf.Symbols.Count - dynCount).ToList();
        Assert.Equal(rows.Count - 1, symtab.Count);
        int compared = 0;
        foreach (Match m in rows)
        {
            int idx = int.Parse(m.Groups[1].Value);
            string name = m.Groups[8].Value;
            if (idx == 0 || (idx % 7 != 0 && name is not ("main" or "helper" or "table" or "buffer"))) continue;
            var sym = symtab[idx - 1];
            Assert.Equal(Hex(m.Groups[2].Value), sym.Value);
            string size = m.Groups[3].Value;
            Assert.Equal(size.StartsWith("0x") ? Hex(size) : ulong.Parse(size), sym.Size);
            if (SymbolTypes.TryGetValue(m.Groups[4].Value, out byte t)) Assert.Equal(t, sym.Type);
            Assert.Equal(m.Groups[5].Value switch { "LOCAL" => STB_LOCAL, "GLOBAL" => STB_GLOBAL, "WEAK" => STB_WEAK, _ => sym.Binding }, sym.Binding);
            if (sym.Type != STT_SECTION) Assert.Equal(name, sym.Name);
            compared++;
        }
        Assert.True(compared > 5);
        var main = Assert.Single(elf.Symbols, x => x.Name == "main" && x.Type == STT_FUNC);
        Assert.NotNull(elf.FindLoadSegment(main.Value));
        Assert.Contains(elf.Symbols, x => x.Name == "table" && x.Type == STT_OBJECT && x.Size == 64);
    }

    private static List<ulong> ReadelfArray(string path, string section, bool is64)
    {
        var r = Tools.RunFull("readelf", ["-W", "-x", section, path], allowFailure: true);
        var bytes = new List<byte>();
        foreach (Match m in Regex.Matches(r.Stdout, @"^\s+0x[0-9a-f]+ ((?:[0-9a-f]{2,8} ){1,4})", RegexOptions.Multiline))
            foreach (var word in m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                bytes.AddRange(Convert.FromHexString(word));
        var result = new List<ulong>();
        int ps = is64 ? 8 : 4;
        for (int i = 0; i + ps <= bytes.Count; i += ps)
        {
            var span = bytes.ToArray().AsSpan(i, ps);
            ulong v = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
            if (v != 0 && v != (is64 ? ulong.MaxValue : uint.MaxValue)) result.Add(v);
        }
        return result;
    }

    [Theory, MemberData(nameof(Variants))]
    public void InitArray_MatchesReadelf(string variant)
    {
        string path = TestBinaries.PathOf(variant);
        var elf = ElfFile.Load(path);
        bool is64 = elf.Class == ElfClass.Elf64;
        var expected = ReadelfArray(path, ".preinit_array", is64)
            .Concat(ReadelfArray(path, ".init_array", is64))
            .Concat(ReadelfArray(path, ".fini_array", is64)).ToList();
        var actual = elf.GetInitArrayFunctions();
        Assert.Equal(expected, actual);
        Assert.True(actual.Count >= 3, $"expected at least the 2 constructors and 1 destructor, got {actual.Count}");
        foreach (var f in actual) Assert.True(elf.FindLoadSegment(f)?.IsExecutable, $"0x{f:x} not in an executable segment");
    }

    internal static List<ulong> ReadelfFdeStarts(string path)
    {
        string frames = Tools.Run("readelf", "-W", "--debug-dump=frames", path);
        int start = frames.IndexOf("Contents of the .eh_frame section", StringComparison.Ordinal);
        Assert.True(start >= 0);
        int end = frames.IndexOf("Contents of the", start + 10, StringComparison.Ordinal);
        string block = end < 0 ? frames[start..] : frames[start..end];
        return Regex.Matches(block, @"FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.").Select(m => Hex(m.Groups[1].Value)).ToList();
    }

    [Theory, MemberData(nameof(Variants))]
    public void EhFrameFdes_MatchReadelf(string variant)
    {
        string path = TestBinaries.PathOf(variant);
        var elf = ElfFile.Load(path);
        var expected = ReadelfFdeStarts(path);
        Assert.True(expected.Count >= 3);
        Assert.Equal(expected, elf.GetEhFrameFunctionStarts());
        var main = elf.Symbols.First(x => x.Name == "main");
        Assert.Contains(main.Value, elf.GetEhFrameFunctionStarts());
    }

    [Theory, MemberData(nameof(Variants))]
    public void WithoutSectionTable_UsesSegmentsForEhFrameAndDynamicForInitArray(string variant)
    {
        var data = (byte[])TestBinaries.Bytes(variant).Clone();
        var original = ElfFile.Parse(TestBinaries.Bytes(variant), variant);
        // Drop the section header table: e_shoff = 0, e_shnum = 0, e_shstrndx = 0.
        if (original.Class == ElfClass.Elf64)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(40), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(60), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(62), 0);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(32), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(48), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(50), 0);
        }
        var stripped = ElfFile.Parse(data, variant + "-noshdr");
        Assert.Empty(stripped.Sections);
        Assert.Empty(stripped.Symbols);
        Assert.Equal(original.Segments, stripped.Segments);
        Assert.Equal(original.Notes.Count, stripped.Notes.Count);
        Assert.Equal(original.IsDynamicallyLinked, stripped.IsDynamicallyLinked);
        if (original.Segments.Any(s => s.Type == PT_GNU_EH_FRAME))
            Assert.Equal(original.GetEhFrameFunctionStarts(), stripped.GetEhFrameFunctionStarts());
        else
            Assert.Empty(stripped.GetEhFrameFunctionStarts()); // static non-PIE glibc binaries have no .eh_frame_hdr
        if (original.Segments.Any(s => s.Type == PT_DYNAMIC))
            Assert.Equal(original.GetInitArrayFunctions(), stripped.GetInitArrayFunctions());
        else
            Assert.Empty(stripped.GetInitArrayFunctions());
    }

    [Theory, MemberData(nameof(Variants))]
    public void Notes_ContainGnuNotes(string variant)
    {
        var elf = ElfFile.Load(TestBinaries.PathOf(variant));
        string n = Tools.Run("readelf", "-W", "-n", TestBinaries.PathOf(variant));
        int expected = Regex.Matches(n, @"^\s+(GNU|stapsdt|Go|FDO)\s+0x[0-9a-f]+\s", RegexOptions.Multiline).Count;
        Assert.Equal(expected, elf.Notes.Count);
        var abiTag = elf.Notes.FirstOrDefault(x => x.Name == "GNU" && x.Type == NT_GNU_ABI_TAG);
        if (abiTag is not null) Assert.Equal(16, abiTag.Descriptor.Length);
    }
}
