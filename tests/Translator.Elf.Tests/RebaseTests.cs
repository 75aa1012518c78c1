using System.Buffers.Binary;
using Xunit;
using static Translator.Elf.ElfNative;

namespace Translator.Elf.Tests;

public class RebaseTests
{
    private const ulong Base = 0x1000_0000;

    [Fact]
    public void LoadedAt_ShiftsAddressesAndAppliesRelativeRelocations()
    {
        var elf = ElfFile.Load(TestBinaries.PathOf("x64-static-pie"));
        Assert.True(elf.IsStaticPie);
        var moved = elf.LoadedAt(Base);

        Assert.Equal(0UL, elf.LoadBase);
        Assert.Equal(Base, moved.LoadBase);
        Assert.True(moved.IsStaticPie);
        Assert.Equal(elf.Entry + Base, moved.Entry);

        // Segments: every PT_LOAD shifted; the image bytes (Data) are the original file, headers included.
        Assert.Equal(elf.Segments.Count, moved.Segments.Count);
        for (int i = 0; i < elf.Segments.Count; i++)
        {
            if (!elf.Segments[i].IsLoad) continue;
            Assert.Equal(elf.Segments[i].VirtualAddress + Base, moved.Segments[i].VirtualAddress);
            Assert.Equal(elf.Segments[i].Offset, moved.Segments[i].Offset);
        }
        Assert.Equal(elf.Data, moved.Data);

        // Sections and symbols.
        var text = moved.FindSection(".text")!;
        Assert.Equal(elf.FindSection(".text")!.Address + Base, text.Address);
        var main = moved.Symbols.First(s => s.Name == "main");
        Assert.Equal(elf.Symbols.First(s => s.Name == "main").Value + Base, main.Value);
        Assert.All(moved.Symbols.Where(s => s.SectionIndex == SHN_ABS || s.Type == STT_TLS),
            s => Assert.Contains(elf.Symbols, o => o.Name == s.Name && o.Value == s.Value));

        // A RELATIVE relocation reads as base + addend through the translator's view.
        var rela = elf.FindSection(".rela.dyn")!;
        var bytes = elf.GetSectionData(rela);
        bool found = false;
        for (int o = 0; o + 24 <= bytes.Length; o += 24)
        {
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(bytes[o..]);
            ulong info = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(o + 8)..]);
            ulong addend = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(o + 16)..]);
            if ((uint)info != R_X86_64_RELATIVE) continue;
            Assert.Equal(Base + addend, moved.ReadPointer(Base + offset, 8));
            found = true;
        }
        Assert.True(found, "no R_X86_64_RELATIVE relocation in the sample");

        // Init arrays and .eh_frame function starts are run-time addresses.
        Assert.Equal(elf.GetInitArrayFunctions().Select(a => a + Base), moved.GetInitArrayFunctions());
        Assert.Equal(elf.GetEhFrameFunctionStarts().Select(a => a + Base), moved.GetEhFrameFunctionStarts());
        Assert.Contains(main.Value, moved.GetEhFrameFunctionStarts());
    }
}
