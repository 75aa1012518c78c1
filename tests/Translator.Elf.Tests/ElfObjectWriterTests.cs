using System.Text.RegularExpressions;
using Xunit;
using static Translator.Elf.ElfNative;

namespace Translator.Elf.Tests;

public class ElfObjectWriterTests
{
    private static readonly byte[] TextBytes =
    [
        0x40, 0x05, 0x80, 0xd2, // mov x0, #42
        0xa8, 0x0b, 0x80, 0xd2, // mov x8, #93
        0x01, 0x00, 0x00, 0xd4, // svc #0
        0xc0, 0x03, 0x5f, 0xd6, // ret
    ];

    private static ElfObjectWriter MakeWriter(out int text, out int data, out int bss)
    {
        var w = new ElfObjectWriter();
        text = w.AddSection(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, TextBytes, 4);
        data = w.AddSection(".data", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0 }, 8);
        bss = w.AddNoBitsSection(".bss", SHF_ALLOC | SHF_WRITE, 0x100, 16);
        w.AddSymbol("_start", text, 0, 16, STT_FUNC, STB_GLOBAL);
        w.AddSymbol("local_helper", text, 12, 4, STT_FUNC, STB_LOCAL);
        w.AddSymbol("data_obj", data, 0, 16, STT_OBJECT, STB_GLOBAL);
        w.AddSymbol("bss_obj", bss, 0x10, 0x20, STT_OBJECT, STB_WEAK);
        w.AddSymbol("local_bss", bss, 0, 8, STT_OBJECT, STB_LOCAL);
        w.AddRelocation(data, 8, R_AARCH64_ABS64, "bss_obj", 4);
        return w;
    }

    private static string TempDir()
    {
        string dir = Path.Combine(TestBinaries.Dir, "writer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Object_RoundTripsThroughReader()
    {
        var ms = new MemoryStream();
        MakeWriter(out int text, out int data, out int bss).Write(ms);
        var elf = ElfFile.Parse(ms.ToArray(), "obj.o");
        Assert.Equal(ElfClass.Elf64, elf.Class);
        Assert.Equal(ET_REL, elf.Type);
        Assert.Equal(EM_AARCH64, elf.Machine);
        Assert.Equal(".text", elf.Sections[text].Name);
        Assert.Equal(TextBytes, elf.GetSectionData(elf.Sections[text]).ToArray());
        Assert.Equal(SHT_NOBITS, elf.Sections[bss].Type);
        Assert.Equal(0x100UL, elf.Sections[bss].Size);
        Assert.Equal(16UL, elf.Sections[data].Size);
        // Locals first, sh_info = first global.
        Assert.Equal(["local_helper", "local_bss", "_start", "data_obj", "bss_obj"], elf.Symbols.Select(s => s.Name));
        var symtab = elf.FindSection(".symtab")!;
        Assert.Equal(3u, symtab.Info);
        var rela = elf.FindSection(".rela.data")!;
        Assert.Equal(SHT_RELA, rela.Type);
        Assert.Equal((uint)data, rela.Info);
        Assert.Equal((uint)symtab.Index, rela.Link);
    }

    [Fact]
    public void Object_IsAcceptedByReadelf()
    {
        string dir = TempDir();
        string obj = Path.Combine(dir, "t.o");
        MakeWriter(out _, out _, out _).WriteFile(obj);
        string sections = Tools.Run("readelf", "-W", "-S", "-s", "-r", obj);
        Assert.Matches(@"\]\s+\.text\s+PROGBITS\s+0+\s+[0-9a-f]+\s+000010\s+00\s+AX", sections);
        Assert.Matches(@"\]\s+\.data\s+PROGBITS\s+0+\s+[0-9a-f]+\s+000010\s+00\s+WA", sections);
        Assert.Matches(@"\]\s+\.bss\s+NOBITS\s+0+\s+[0-9a-f]+\s+000100\s+00\s+WA", sections);
        Assert.Matches(@"Symbol table '\.symtab' contains 6 entries", sections);
        Assert.Matches(@"\d+: 0+ +16 FUNC +GLOBAL +DEFAULT +1 _start", sections);
        Assert.Matches(@"\d+: 0+c +4 FUNC +LOCAL +DEFAULT +1 local_helper", sections);
        Assert.Matches(@"\d+: 0+10 +32 OBJECT +WEAK +DEFAULT +3 bss_obj", sections);
        Assert.Matches(@"R_AARCH64_ABS64\s+0+10\s+bss_obj \+ 4", sections);
        Assert.DoesNotContain("Warning", sections + Tools.RunFull("readelf", ["-W", "-a", obj], false).Stderr);
    }

    [Fact]
    public void Object_LinksWithLldAtFixedAddresses()
    {
        string dir = TempDir();
        string obj = Path.Combine(dir, "t.o");
        string script = Path.Combine(dir, "link.ld");
        string exe = Path.Combine(dir, "t.elf");
        MakeWriter(out _, out _, out _).WriteFile(obj);
        File.WriteAllText(script, """
            SECTIONS {
              . = 0x210000;
              .text : { *(.text) }
              . = 0x220000;
              .data : { *(.data) }
              .bss : { *(.bss) }
            }
            """);
        Tools.Run("ld.lld-19", "-static", "-T", script, "-e", "_start", "-o", exe, obj);

        var elf = ElfFile.Load(exe);
        Assert.Equal(EM_AARCH64, elf.Machine);
        Assert.Equal(ET_EXEC, elf.Type);
        Assert.Equal(0x210000UL, elf.Entry);
        var text = elf.FindSection(".text")!;
        Assert.Equal(0x210000UL, text.Address);
        var code = new byte[TextBytes.Length];
        Assert.True(elf.TryRead(0x210000, code));
        Assert.Equal(TextBytes, code);
        Assert.True(elf.FindLoadSegment(0x210000)!.IsExecutable);
        var data = elf.FindSection(".data")!;
        Assert.Equal(0x220000UL, data.Address);
        Assert.Equal(0x0807060504030201UL, elf.ReadPointer(0x220000, 8));
        var bss = elf.FindSection(".bss")!;
        Assert.Equal(SHT_NOBITS, bss.Type);
        Assert.Equal(bss.Address + 0x10 + 4, elf.ReadPointer(0x220008, 8)); // relocated ABS64 bss_obj+4
        var bssBytes = new byte[0x100];
        Assert.True(elf.TryRead(bss.Address, bssBytes));
        Assert.All(bssBytes, b => Assert.Equal(0, b));
        Assert.Equal(0x210000UL, elf.Symbols.Single(s => s.Name == "_start").Value);
        Assert.Equal(bss.Address + 0x10, elf.Symbols.Single(s => s.Name == "bss_obj").Value);

        string s = Tools.Run("readelf", "-W", "-S", exe);
        Assert.Matches(new Regex(@"\.text\s+PROGBITS\s+0+210000\s"), s);
    }

    [Fact]
    public void X86_64Machine_IsRecorded()
    {
        var w = new ElfObjectWriter(EM_X86_64);
        int t = w.AddSection(".text", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, new byte[] { 0xc3 }, 1);
        w.AddSymbol("f", t, 0, 1, STT_FUNC, STB_GLOBAL);
        var ms = new MemoryStream();
        w.Write(ms);
        var elf = ElfFile.Parse(ms.ToArray(), "x.o");
        Assert.Equal(EM_X86_64, elf.Machine);
        Assert.Single(elf.Symbols);
    }

    [Fact]
    public void InvalidArguments_AreRejected()
    {
        var w = new ElfObjectWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => w.AddSymbol("x", 5, 0, 0, STT_FUNC, STB_GLOBAL));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.AddSection(".a", SHT_PROGBITS, 0, new byte[1], 3));
        Assert.Throws<ArgumentException>(() => w.AddSection(".b", SHT_NOBITS, 0, new byte[1], 1));
    }
}
