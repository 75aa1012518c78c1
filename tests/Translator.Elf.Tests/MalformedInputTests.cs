using System.Buffers.Binary;
using Xunit;
using static Translator.Elf.ElfNative;

namespace Translator.Elf.Tests;

public class MalformedInputTests
{
    private const string Sample = "x64-static";

    private static byte[] Fresh(string variant = Sample) => (byte[])TestBinaries.Bytes(variant).Clone();

    private static ElfFormatException AssertRejected(byte[] data, string? expectedFragment = null)
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(data, "bad.elf"));
        Assert.StartsWith("bad.elf", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        if (expectedFragment is not null) Assert.Contains(expectedFragment, e.Message);
        return e;
    }

    private static void U16(byte[] d, int off, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(off), v);
    private static void U32(byte[] d, int off, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(off), v);
    private static void U64(byte[] d, int off, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(off), v);

    private static int ShdrOffset(byte[] d, int index) =>
        (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(40)) + index * Elf64ShdrSize;

    [Fact]
    public void Load_MissingFile_IsElfFormatException()
    {
        var e = Assert.Throws<ElfFormatException>(() => ElfFile.Load("/nonexistent/dir/file.elf"));
        Assert.StartsWith("cannot read /nonexistent/dir/file.elf:", e.Message);
    }

    [Fact]
    public void Identification_Errors()
    {
        AssertRejected([], "empty");
        AssertRejected([0x7f, (byte)'E', (byte)'L'], "not an ELF");
        AssertRejected("MZ\x90\0garbagegarbagegarbage"u8.ToArray(), "bad magic");
        var d = Fresh(); d[EI_CLASS] = 3; AssertRejected(d, "class");
        d = Fresh(); d[EI_DATA] = ELFDATA2MSB; AssertRejected(d, "big-endian");
        d = Fresh(); d[EI_DATA] = 7; AssertRejected(d, "data encoding");
        d = Fresh(); d[EI_VERSION] = 0; AssertRejected(d, "version");
        d = Fresh(); U32(d, 20, 2); AssertRejected(d, "e_version");
        AssertRejected(Fresh()[..40], "truncated ELF header");
        AssertRejected(Fresh("i386-static")[..51], "truncated ELF header");
    }

    [Fact]
    public void HeaderField_Corruptions()
    {
        var original = Fresh();
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan(60));
        var cases = new (string Name, Action<byte[]> Mutate, string Fragment)[]
        {
            ("phoff huge", d => U64(d, 32, 0xffff_ffff_ffff_fff0), "program header table"),
            ("phoff near end", d => U64(d, 32, (ulong)d.Length - 10), "program header table"),
            ("shoff huge", d => U64(d, 40, ulong.MaxValue), "section header"),
            ("shoff near end", d => U64(d, 40, (ulong)d.Length - 100), "section header"),
            ("shnum max", d => U16(d, 60, 0xffff), "section header table"),
            ("phnum large", d => U16(d, 56, 0xfff0), "program header table"),
            ("shstrndx = shnum", d => U16(d, 62, (ushort)shnum), "e_shstrndx"),
            ("shstrndx xindex with bad link", d => { U16(d, 62, SHN_XINDEX); U32(d, ShdrOffset(d, 0) + 40, 0x7fffffff); }, "e_shstrndx"),
            ("shnum 0 with absurd extended count", d => { U16(d, 60, 0); U64(d, ShdrOffset(d, 0) + 32, 1UL << 40); }, "section count"),
            ("phentsize", d => U16(d, 54, 10), "e_phentsize"),
            ("shentsize", d => U16(d, 58, 40), "e_shentsize"),
            ("segment offset outside file", d => U64(d, (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(32)) + 8, (ulong)d.Length), "program header 0"),
            ("segment filesz overflow", d => U64(d, (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(32)) + 32, ulong.MaxValue - 4), "program header 0"),
            ("overlapping loads", d => OverlapLoads(d), "overlapping PT_LOAD"),
            ("section name outside strtab", d => U32(d, ShdrOffset(d, 1), 0x7fffffff), "name"),
            ("section range outside file", d => U64(d, ShdrOffset(d, 1) + 32, 0x7fff_ffff_ffff), "section 1"),
            ("symtab size not multiple", d => { int s = SymtabIndex(d); U64(d, ShdrOffset(d, s) + 32, BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(ShdrOffset(d, s) + 32)) - 5); }, "multiple"),
            ("symtab entsize", d => U64(d, ShdrOffset(d, SymtabIndex(d)) + 56, 16), "sh_entsize"),
            ("symtab link", d => U32(d, ShdrOffset(d, SymtabIndex(d)) + 40, 0xffff), "link"),
            ("symbol name outside strtab", d => U32(d, (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(ShdrOffset(d, SymtabIndex(d)) + 24)) + 24, 0x7ffffff0), "symbol 1"),
        };
        foreach (var (name, mutate, fragment) in cases)
        {
            var d = Fresh();
            mutate(d);
            var e = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(d, "bad.elf"));
            Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"{name}: message '{e.Message}' lacks '{fragment}'");
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    private static int ProgramHeader(byte[] d, Func<uint, uint, bool> typeAndFlags, bool last = false)
    {
        int phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(32));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(56));
        var matches = Enumerable.Range(0, phnum).Select(i => phoff + i * Elf64PhdrSize)
            .Where(p => typeAndFlags(BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(p)), BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(p + 4))))
            .ToList();
        return last ? matches[^1] : matches[0];
    }

    // Reduced from translator fuzz cases (tests/Translator.Fuzz.Tests): a PT_LOAD with p_filesz 0 and p_offset past
    // the end of the file was accepted and made the guest-image builder fail with OverflowException /
    // ArgumentOutOfRangeException.
    [Fact]
    public void LoadSegment_OffsetBeyondFile_EvenWithoutFileBytes()
    {
        foreach (ulong offset in new[] { 0xffff_ffff_ffff_ffffUL, 0x8000_0000UL })
        {
            var d = Fresh();
            int ph = ProgramHeader(d, (type, _) => type == PT_LOAD, last: true);
            U64(d, ph + 32, 0); // p_filesz
            U64(d, ph + 8, offset);
            AssertRejected(d, "p_offset");
        }
        var ok = Fresh();
        int last = ProgramHeader(ok, (type, _) => type == PT_LOAD, last: true);
        U64(ok, last + 32, 0);
        U64(ok, last + 8, (ulong)ok.Length); // at the very end: no bytes, still inside
        ElfFile.Parse(ok, "ok.elf");
    }

    [Fact]
    public void EntryPoint_MustBeInAnExecutableLoadSegment()
    {
        var d = Fresh();
        U64(d, 24, 0x10); // below every segment
        AssertRejected(d, "entry point 0x10 is outside every PT_LOAD segment");

        d = Fresh();
        int data = ProgramHeader(d, (type, flags) => type == PT_LOAD && (flags & PF_X) == 0, last: true);
        U64(d, 24, BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(data + 16)));
        AssertRejected(d, "non-executable PT_LOAD");

        d = Fresh();
        int phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(32));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(56));
        for (int i = 0; i < phnum; i++)
            if (BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(phoff + i * Elf64PhdrSize)) == PT_LOAD)
                U32(d, phoff + i * Elf64PhdrSize, PT_NULL);
        AssertRejected(d, "no loadable segment");

        // A relocatable object has no entry point to check.
        d = Fresh();
        U16(d, 16, ET_REL);
        U64(d, 24, 0);
        ElfFile.Parse(d, "rel.o");
    }

    // Reduced from fuzz cases: a section name with a newline made a two-line message.
    [Fact]
    public void NamesFromTheFile_CannotBreakTheMessageLine()
    {
        var d = Fresh();
        int shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(62));
        int strtab = (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(ShdrOffset(d, shstrndx) + 24));
        int symtab = SymtabIndex(d);
        int name = (int)BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(ShdrOffset(d, symtab)));
        d[strtab + name] = (byte)'\n';
        d[strtab + name + 1] = 0x1b;
        U64(d, ShdrOffset(d, symtab) + 56, 16); // bad sh_entsize: the message names the section
        var e = AssertRejected(d, "sh_entsize");
        Assert.Contains("(??ymtab)", e.Message);
    }

    private static int SymtabIndex(byte[] d)
    {
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(60));
        for (int i = 1; i < shnum; i++)
            if (BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(ShdrOffset(d, i) + 4)) == SHT_SYMTAB) return i;
        throw new InvalidOperationException("no symtab");
    }

    private static void OverlapLoads(byte[] d)
    {
        int phoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(32));
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(56));
        var loads = Enumerable.Range(0, phnum).Select(i => phoff + i * Elf64PhdrSize)
            .Where(p => BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(p)) == PT_LOAD).ToList();
        ulong vaddr0 = BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(loads[0] + 16));
        U64(d, loads[1] + 16, vaddr0 + 8);
    }

    [Fact]
    public void Truncations_AreRejected()
    {
        foreach (var variant in new[] { "x64-static", "i386-static", "x64-dynamic" })
        {
            var full = TestBinaries.Bytes(variant);
            var cuts = new List<int> { 1, 4, 5, 15, 16, 17, 40, 51, 52, 63, 64, 65, 100, 200, 1000, full.Length - 1, full.Length - 64 };
            for (int i = 1; i < 40; i++) cuts.Add((int)((long)full.Length * i / 40));
            foreach (int cut in cuts.Where(c => c > 0 && c < full.Length))
            {
                var d = full[..cut];
                var e = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(d, $"{variant}@{cut}"));
                Assert.DoesNotContain('\n', e.Message);
            }
        }
    }

    [Fact]
    public void Fuzz_OnlyElfFormatExceptionOrSuccess()
    {
        var rng = new Random(20240607);
        foreach (var variant in new[] { "x64-static", "i386-dynamic", "a64-static" })
        {
            var original = TestBinaries.Bytes(variant);
            var parsed = ElfFile.Parse(original, variant);
            bool is64 = parsed.Class == ElfClass.Elf64;
            ulong shoff = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(original.AsSpan(40)) : BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan(32));
            int shTable = (int)shoff;
            int phTable = (int)parsed.ProgramHeaderOffset;
            var eh = parsed.FindSection(".eh_frame")!;
            var symtab = parsed.FindSection(".symtab")!;
            var hotSpots = new (int Start, int Length)[]
            {
                (0, is64 ? 64 : 52), (phTable, parsed.Segments.Count * parsed.ProgramHeaderEntrySize),
                (shTable, original.Length - shTable), ((int)eh.Offset, (int)Math.Min(eh.Size, 4096)),
                ((int)symtab.Offset, 512), (0, original.Length),
            };
            for (int iter = 0; iter < 150; iter++)
            {
                byte[] d;
                if (iter % 10 == 9)
                {
                    d = original[..rng.Next(1, original.Length)];
                }
                else
                {
                    d = (byte[])original.Clone();
                    int flips = 1 + rng.Next(4);
                    for (int f = 0; f < flips; f++)
                    {
                        var (start, len) = hotSpots[rng.Next(hotSpots.Length)];
                        int pos = start + rng.Next(Math.Max(1, len));
                        if (pos >= d.Length) continue;
                        if (rng.Next(3) == 0) d[pos] = (byte)rng.Next(256);
                        else d[pos] ^= (byte)(1 << rng.Next(8));
                    }
                }
                Exercise(d, $"{variant}#{iter}");
            }
        }
    }

    private static void Exercise(byte[] d, string name)
    {
        try
        {
            var elf = ElfFile.Parse(d, name);
            elf.GetEhFrameFunctionStarts();
            elf.GetInitArrayFunctions();
            var buf = new byte[64];
            elf.TryRead(elf.Entry, buf);
            elf.GetFileBytes(elf.Entry, 64);
            elf.ReadPointer(elf.Entry, elf.Class == ElfClass.Elf64 ? 8 : 4);
            foreach (var s in elf.Sections) elf.GetSectionData(s);
        }
        catch (ElfFormatException e)
        {
            Assert.DoesNotContain('\n', e.Message);
            Assert.StartsWith(name, e.Message);
        }
    }
}
