using System.Buffers.Binary;
using Translator.Elf;
using Translator.Pipeline;
using Xunit;

namespace Translator.Fuzz.Tests;

/// <summary>Each kind of malformed input the translator promises to refuse, through the whole translation:
/// one TranslationException whose single-line message names the file and the problem.</summary>
public class MalformedTranslationTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var variant in new[] { "x64", "i386" })
            foreach (var kind in Mutations.Keys)
                data.Add(variant, kind);
        return data;
    }

    private static readonly Dictionary<string, (Action<byte[], ElfFile> Mutate, string Fragment)> Mutations = new()
    {
        ["not ELF"] = ((d, _) => "#!/bin/sh\n"u8.CopyTo(d), "not an ELF file"),
        ["wrong class"] = ((d, e) => d[4] = (byte)(e.Is64 ? 1 : 2), ""),
        ["big-endian"] = ((d, _) => d[5] = 2, "big-endian"),
        ["wrong machine"] = ((d, _) => U16(d, 18, 183), "not an x86 executable (AArch64)"),
        ["program headers outside the file"] = ((d, e) => Word(d, e, e.Is64 ? 32 : 28, (ulong)d.Length - 8), "program header table"),
        ["overlapping segments"] = (OverlapLoads, "overlapping PT_LOAD segments"),
        ["absurd section count"] = ((d, e) => U16(d, e.Is64 ? 60 : 48, 0xffff), "section header table (65535 entries"),
        ["symbol name out of range"] = (SymbolNameOutOfRange, "name offset 0x7ffffff0 is outside its string table"),
        ["entry outside any segment"] = ((d, e) => Word(d, e, 24, 0x10), "entry point 0x10 is outside every PT_LOAD segment"),
        ["undecodable entry"] = (UndecodableEntry, "undecodable instruction at 0x"),
    };

    private static void U16(byte[] d, int o, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(o), v);

    private static void Word(byte[] d, ElfFile e, int o, ulong v)
    {
        if (e.Is64) BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(o), v);
        else BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(o), (uint)v);
    }

    private static int PhdrField(ElfFile e, int index, int field64, int field32) =>
        (int)e.ProgramHeaderOffset + index * e.ProgramHeaderEntrySize + (e.Is64 ? field64 : field32);

    private static void OverlapLoads(byte[] d, ElfFile e)
    {
        var loads = e.Segments.Select((s, i) => (s, i)).Where(x => x.s.IsLoad).ToList();
        Word(d, e, PhdrField(e, loads[1].i, 16, 8), loads[0].s.VirtualAddress + 8); // p_vaddr of the second load
    }

    private static void SymbolNameOutOfRange(byte[] d, ElfFile e)
    {
        var symtab = e.FindSection(".symtab")!;
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan((int)symtab.Offset + (e.Is64 ? 24 : 16)), 0x7ffffff0);
    }

    private static void UndecodableEntry(byte[] d, ElfFile e)
    {
        var seg = e.FindLoadSegment(e.Entry)!;
        int at = (int)(seg.Offset + (e.Entry - seg.VirtualAddress));
        d[at] = 0x0f; // 0f 04: no x86 CPU defines it
        d[at + 1] = 0x04;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedInput_IsOneCleanError(string variant, string kind)
    {
        var seed = FuzzInputs.Seeds[variant];
        var data = (byte[])seed.Clone();
        var (mutate, fragment) = Mutations[kind];
        mutate(data, ElfFile.Parse(seed, variant));

        string dir = Directory.CreateTempSubdirectory("xlate-malformed-").FullName;
        try
        {
            string input = Path.Combine(dir, "input");
            File.WriteAllBytes(input, data);
            var options = new TranslateOptions { OptLevel = 0, Jobs = 1 };
            var ex = Assert.Throws<TranslationException>(() => Translation.TranslateFile(input, Path.Combine(dir, "out"), options));
            Assert.StartsWith(input + ": ", ex.Message);
            Assert.Contains(fragment, ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
            Assert.False(File.Exists(Path.Combine(dir, "out")), "an output was written for a refused input");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
