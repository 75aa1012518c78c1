using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Translator.Elf;
using Translator.X86;
using Xunit;

namespace Translator.Cfg.Tests;

public sealed class CodeDiscoveryTests(TestBinaries bins) : IClassFixture<TestBinaries>
{
    private static readonly Dictionary<string, GuestProgram> Cache = new();

    private GuestProgram Discover(string name)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var p))
                Cache[name] = p = CodeDiscovery.Discover(ElfFile.Load(bins.Get(name)));
            return p;
        }
    }

    [Theory]
    [InlineData("switch64")]
    [InlineData("switch32")]
    [InlineData("switchpie")]
    [InlineData("hello64")]
    [InlineData("hello32")]
    public void EveryTextFunctionSymbolIsDiscovered(string name)
    {
        var p = Discover(name);
        var text = p.Elf.FindSection(".text")!;
        var missing = p.Elf.Symbols
            .Where(s => s.Type == ElfNative.STT_FUNC && s.Value >= text.Address && s.Value < text.Address + text.Size)
            .Where(s => !p.Functions.ContainsKey(s.Value))
            .Select(s => $"{s.Name}@0x{s.Value:x}")
            .ToList();
        Assert.Empty(missing);
        Assert.Contains(p.Functions.Values, f => f.Name == "main");
        Assert.True(p.Functions.ContainsKey(p.EntryPoint));
    }

    [Theory]
    [InlineData("switch64", GuestMode.X64)]
    [InlineData("switch32", GuestMode.I386)]
    [InlineData("switchpie", GuestMode.X64)]
    public void FunctionPointersRecursionAndSetjmpAreFound(string name, GuestMode mode)
    {
        var p = Discover(name);
        Assert.Equal(mode, p.Mode);
        foreach (var fname in new[] { "main", "sw", "fib", "add", "mul", "_setjmp", "__longjmp" })
            Assert.True(p.Functions.Values.Any(f => f.Name == fname) || HasSymbolFunction(p, fname), fname);
        // fib calls itself.
        var fib = p.Functions.Values.First(f => f.Name == "fib");
        Assert.Contains(fib.Blocks.Values, b => b.End == BlockEnd.Call && b.CallTarget == fib.Entry);
        // Call return sites are external entries.
        var main = p.Functions.Values.First(f => f.Name == "main");
        foreach (var b in main.Blocks.Values.Where(b => b.End is BlockEnd.Call or BlockEnd.IndirectCall))
            Assert.Contains(b.Successors[0], main.ExternalEntries);
    }

    private static bool HasSymbolFunction(GuestProgram p, string name)
        => p.Elf.Symbols.Any(s => s.Name == name && p.Functions.ContainsKey(s.Value));

    /// <summary>The jump table of sw, read independently with objdump: absolute tables from the jmp operand,
    /// x86-64 PIC tables from the lea's resolved address; the bound from the cmp.</summary>
    [Theory]
    [InlineData("switch64")]
    [InlineData("switch32")]
    [InlineData("switchpie")]
    public void SwitchJumpTableIsRecovered(string name)
    {
        string bin = bins.Get(name);
        var dis = TestBinaries.Disassemble(bin, "sw");
        var cmp = dis.Select(d => Regex.Match(d.Text, @"^cmp\s+\$0x([0-9a-f]+),")).First(m => m.Success);
        int count = int.Parse(cmp.Groups[1].Value, NumberStyles.HexNumber) + 1;
        Assert.Equal(10, count);
        var jmp = dis.First(d => d.Text.StartsWith("jmp") && d.Text.Contains('*'));
        bool relative;
        ulong table;
        var abs = Regex.Match(jmp.Text, @"\*0x([0-9a-f]+)\(,%[a-z]+,([48])\)");
        if (abs.Success)
        {
            relative = false;
            table = ulong.Parse(abs.Groups[1].Value, NumberStyles.HexNumber);
        }
        else
        {
            relative = true;
            var lea = dis.Select(d => Regex.Match(d.Text, @"^lea\s+.*\(%rip\),.*#\s*([0-9a-f]+)")).First(m => m.Success);
            table = ulong.Parse(lea.Groups[1].Value, NumberStyles.HexNumber);
        }
        int entrySize = relative ? 4 : (name == "switch32" ? 4 : 8);
        var raw = TestBinaries.ReadBytes(bin, table, count * entrySize);
        Assert.Equal(count * entrySize, raw.Length);
        var expected = new List<ulong>();
        for (int i = 0; i < count; i++)
        {
            var e = raw.AsSpan(i * entrySize, entrySize);
            expected.Add(relative ? table + (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(e)
                : entrySize == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(e) : BinaryPrimitives.ReadUInt32LittleEndian(e));
        }

        var p = Discover(name);
        var sw = p.Functions.Values.Single(f => f.Name == "sw");
        var block = sw.Blocks.Values.Single(b => b.End == BlockEnd.IndirectJump);
        Assert.Equal(jmp.Address, block.Instructions[^1].IP);
        Assert.NotNull(block.JumpTable);
        Assert.Equal(table, block.JumpTable!.TableAddress);
        Assert.Equal(relative, block.JumpTable.Relative);
        Assert.Equal(entrySize, block.JumpTable.EntrySize);
        Assert.Equal(expected, block.JumpTable.Targets);
        Assert.Equal(expected.Distinct().Order(), block.Successors.Order());
        foreach (var t in expected)
        {
            Assert.True(sw.Blocks.ContainsKey(t), $"0x{t:x} is a block of sw");
            Assert.Contains(t, sw.ExternalEntries);
        }
    }

    [Fact]
    public void I386PicGotoffJumpTableIsRecovered()
    {
        var p = Discover("switch32pic");
        var sw = p.Functions.Values.Single(f => f.Name == "sw");
        var block = sw.Blocks.Values.Single(b => b.End == BlockEnd.IndirectJump);
        Assert.NotNull(block.JumpTable);
        Assert.True(block.JumpTable!.Relative);
        Assert.Equal(10, block.JumpTable.Targets.Count);
        var got = p.Elf.Symbols.First(s => s.Name == "_GLOBAL_OFFSET_TABLE_").Value;
        Assert.Equal(got, block.JumpTable.RelativeBase);
        // Same case targets as objdump's view of the code: every target is an instruction start inside sw.
        var starts = TestBinaries.Disassemble(bins.Get("switch32pic"), "sw").Select(d => d.Address).ToHashSet();
        Assert.All(block.JumpTable.Targets, t => Assert.Contains(t, starts));
    }

    [Theory]
    [InlineData("switch64")]
    [InlineData("switch32")]
    [InlineData("switchpie")]
    public void DirectBranchTargetsInMainAreBlockStarts(string name)
    {
        var p = Discover(name);
        var main = p.Functions.Values.Single(f => f.Name == "main");
        var dis = TestBinaries.Disassemble(bins.Get(name), "main");
        ulong lo = dis[0].Address, hi = dis[^1].Address;
        int checkedTargets = 0;
        foreach (var (_, text) in dis)
        {
            var m = Regex.Match(text, @"^(j[a-z]+|loop[a-z]*)\s+([0-9a-f]+)\s");
            if (!m.Success) continue;
            ulong target = ulong.Parse(m.Groups[2].Value, NumberStyles.HexNumber);
            if (target < lo || target > hi || p.Functions.ContainsKey(target) && target != main.Entry) continue;
            Assert.True(main.Blocks.ContainsKey(target), $"0x{target:x} ({text}) is a block start");
            checkedTargets++;
        }
        Assert.True(checkedTargets > 0);
        // Every instruction objdump shows in main's body (that discovery reached) is at a block instruction boundary.
        var all = main.Blocks.Values.SelectMany(b => b.Instructions).Select(i => i.IP).ToHashSet();
        Assert.Contains(main.Entry, all);
    }

    [Theory]
    [InlineData("switch64")]
    [InlineData("switch32")]
    [InlineData("switchpie")]
    public void BlocksDoNotOverlapWithinAFunction(string name)
    {
        var p = Discover(name);
        var reported = p.Problems.Select(x => x.Address).ToHashSet();
        foreach (var fn in p.Functions.Values)
        {
            BasicBlock? prev = null;
            foreach (var b in fn.Blocks.Values)
            {
                Assert.True(b.Instructions.Count > 0 || b.End == BlockEnd.Stop);
                if (prev is not null && prev.EndAddress > b.Start)
                {
                    // Only allowed: jumping past an instruction prefix (je 1f; lock; 1: cmpxchg) or a reported problem.
                    bool prefixSkip = b.Instructions.Count > 0 && fn.Blocks.Values.SelectMany(x => x.Instructions)
                        .Any(i => i.IP < b.Start && i.IP + 4 >= b.Start && i.NextIP == b.Instructions[0].NextIP);
                    Assert.True(prefixSkip || reported.Contains(b.Start),
                        $"{fn.Name}: block 0x{b.Start:x} overlaps 0x{prev.Start:x}..0x{prev.EndAddress:x}");
                    if (fn.Name is "main" or "sw" or "fib") Assert.Fail($"overlap in {fn.Name}");
                }
                if (prev is null || b.EndAddress > prev.EndAddress) prev = b;
                // Internal structure: successors match the end kind.
                switch (b.End)
                {
                    case BlockEnd.FallThrough:
                        Assert.Equal([b.EndAddress], b.Successors);
                        Assert.True(fn.Blocks.ContainsKey(b.EndAddress));
                        break;
                    case BlockEnd.ConditionalJump:
                        Assert.Equal(2, b.Successors.Count);
                        Assert.All(b.Successors, s => Assert.True(fn.Blocks.ContainsKey(s)));
                        break;
                    case BlockEnd.Call:
                        Assert.NotNull(b.CallTarget);
                        Assert.True(fn.Blocks.ContainsKey(b.Successors.Single()));
                        break;
                    case BlockEnd.Jump:
                        ulong t = b.Successors.Single();
                        Assert.True(fn.Blocks.ContainsKey(t) || p.Functions.ContainsKey(t));
                        break;
                }
            }
        }
    }

    [Fact]
    public void TailCallsEndInJumpToAnotherFunction()
    {
        var p = Discover("switch64");
        var sw = p.Functions.Values.Single(f => f.Name == "sw");
        // case 2 is `jmp printf` (sibling call).
        var tail = sw.Blocks.Values.Where(b => b.End == BlockEnd.Jump && !sw.Blocks.ContainsKey(b.Successors[0])).ToList();
        Assert.NotEmpty(tail);
        Assert.All(tail, b => Assert.True(p.Functions.ContainsKey(b.Successors[0])));
    }

    [Fact]
    public void StaticGlibcDiscoveryIsFast()
    {
        Discover("switch64"); // warm up the JIT
        var elf = ElfFile.Load(bins.Get("hello64"));
        var sw = Stopwatch.StartNew();
        var p = CodeDiscovery.Discover(elf);
        sw.Stop();
        Assert.True(p.Functions.Count > 500, $"{p.Functions.Count} functions");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"discovery took {sw.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void RejectsDynamicallyLinkedAndForeignBinaries()
    {
        var dyn = Assert.Throws<UnsupportedBinaryException>(() => CodeDiscovery.Discover(ElfFile.Load(bins.Get("hellodyn"))));
        Assert.Contains("link with -static", dyn.Message);

        byte[] data = File.ReadAllBytes(bins.Get("hello64"));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(18), 183); // e_machine = EM_AARCH64
        var arm = Assert.Throws<UnsupportedBinaryException>(() => CodeDiscovery.Discover(ElfFile.Parse(data, "arm.elf")));
        Assert.Contains("AArch64", arm.Message);
        Assert.DoesNotContain('\n', arm.Message);

        data = File.ReadAllBytes(bins.Get("hello64"));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(16), 1); // e_type = ET_REL
        Assert.Throws<UnsupportedBinaryException>(() => CodeDiscovery.Discover(ElfFile.Parse(data, "rel.o")));
    }

    [Fact]
    public void DecoderDecodesOnlyExecutableBytes()
    {
        var elf = ElfFile.Load(bins.Get("hello32"));
        var dec = new X86Decoder(elf, X86Decoder.ModeOf(elf));
        Assert.True(dec.TryDecode(elf.Entry, out var ins));
        Assert.Equal(elf.Entry, ins.IP);
        Assert.False(dec.TryDecode(elf.FindSection(".rodata")!.Address, out _));
        var end = dec.ExecutableRanges.Max(r => r.End);
        Assert.False(dec.TryDecode(end, out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void InspectReportWrites(bool json)
    {
        var p = Discover("switch64");
        var w = new StringWriter();
        InspectReport.Write(p, w, i => i.Mnemonic != Iced.Intel.Mnemonic.Cpuid, json);
        string s = w.ToString();
        if (json)
        {
            using var doc = JsonDocument.Parse(s);
            Assert.Equal(p.Functions.Count, doc.RootElement.GetProperty("counts").GetProperty("functions").GetInt32());
            Assert.Contains(doc.RootElement.GetProperty("unhandled").EnumerateArray(), e => e.GetProperty("mnemonic").GetString() == "cpuid");
        }
        else
        {
            Assert.Contains("Coverage:", s);
            Assert.Contains("main", s);
            Assert.Contains("cpuid", s);
        }
    }
}
