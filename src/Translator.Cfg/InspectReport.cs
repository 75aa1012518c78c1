using System.Text.Json;
using Iced.Intel;
using Translator.Elf;

namespace Translator.Cfg;

/// <summary>The report printed by <c>xlate inspect</c>.</summary>
public static class InspectReport
{
    public static void Write(GuestProgram p, TextWriter w, Func<Instruction, bool> isSupported, bool json)
    {
        var elf = p.Elf;
        // Every distinct decoded instruction once (blocks of different functions may share code).
        var distinct = new Dictionary<ulong, Instruction>();
        int blocks = 0, tables = 0, externals = 0;
        foreach (var fn in p.Functions.Values)
        {
            blocks += fn.Blocks.Count;
            externals += fn.ExternalEntries.Count;
            foreach (var b in fn.Blocks.Values)
            {
                if (b.JumpTable is not null) tables++;
                foreach (var ins in b.Instructions) distinct.TryAdd(ins.IP, ins);
            }
        }
        var unsupported = distinct.Values.Where(i => !isSupported(i)).OrderBy(i => i.IP).ToList();
        int total = distinct.Count;
        double coverage = total == 0 ? 100.0 : 100.0 * (total - unsupported.Count) / total;
        var groups = unsupported.GroupBy(i => i.Mnemonic.ToString().ToLowerInvariant())
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

        string Hex(ulong v) => "0x" + v.ToString("x");
        string Bytes(in Instruction i) => Convert.ToHexString(elf.GetFileBytes(i.IP, i.Length)).ToLowerInvariant();

        if (json)
        {
            var doc = new
            {
                file = elf.DisplayName,
                @class = elf.Class.ToString(),
                machine = ElfNative.MachineName(elf.Machine),
                type = TypeName(elf),
                entry = Hex(elf.Entry),
                mode = p.Mode.ToString(),
                segments = elf.Segments.Where(s => s.IsLoad).Select(s => new
                {
                    vaddr = Hex(s.VirtualAddress), memsz = s.MemorySize, filesz = s.FileSize, flags = Flags(s),
                }),
                counts = new
                {
                    functions = p.Functions.Count, blocks, instructions = total, jumpTables = tables, externalEntries = externals,
                },
                coverage = Math.Round(coverage, 2),
                functions = p.Functions.Values.Select(f => new
                {
                    name = f.Name, address = Hex(f.Entry), blocks = f.Blocks.Count,
                    instructions = f.Blocks.Values.Sum(b => b.Instructions.Count),
                }),
                unhandled = groups.Select(g => new
                {
                    mnemonic = g.Key, count = g.Count(),
                    instances = g.Select(i => new { address = Hex(i.IP), bytes = Bytes(i), text = i.ToString() }),
                }),
                problems = p.Problems.Select(x => new { address = Hex(x.Address), reason = x.Reason }),
            };
            w.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }

        w.WriteLine($"{elf.DisplayName}: ELF {elf.Class}, {ElfNative.MachineName(elf.Machine)}, {TypeName(elf)}, entry {Hex(elf.Entry)}, mode {p.Mode}");
        w.WriteLine("Segments:");
        foreach (var s in elf.Segments.Where(s => s.IsLoad))
            w.WriteLine($"  LOAD {Hex(s.VirtualAddress),-12} memsz {Hex(s.MemorySize),-10} filesz {Hex(s.FileSize),-10} {Flags(s)}");
        w.WriteLine($"Functions: {p.Functions.Count}  blocks: {blocks}  instructions: {total}  jump tables: {tables}  external entries: {externals}");
        w.WriteLine($"Coverage: {coverage:F2}% ({total - unsupported.Count}/{total} instructions supported)");
        w.WriteLine();
        w.WriteLine("Functions:");
        foreach (var f in p.Functions.Values)
            w.WriteLine($"  {Hex(f.Entry),-12} {f.Name ?? "sub_" + f.Entry.ToString("x"),-40} blocks {f.Blocks.Count,5}  instructions {f.Blocks.Values.Sum(b => b.Instructions.Count),6}");
        w.WriteLine();
        w.WriteLine($"Unhandled instructions: {unsupported.Count}");
        foreach (var g in groups)
        {
            w.WriteLine($"  {g.Key} ({g.Count()})");
            foreach (var i in g.Take(20))
                w.WriteLine($"    {Hex(i.IP),-12} {Bytes(i),-30} {i}");
            if (g.Count() > 20) w.WriteLine($"    ... {g.Count() - 20} more");
        }
        w.WriteLine();
        w.WriteLine($"Problems: {p.Problems.Count}");
        foreach (var (a, r) in p.Problems)
            w.WriteLine($"  {Hex(a),-12} {r}");
    }

    private static string TypeName(ElfFile elf) => elf.Type switch
    {
        ElfNative.ET_EXEC => "EXEC",
        ElfNative.ET_DYN => elf.IsStaticPie ? "DYN (static PIE)" : "DYN",
        _ => $"type {elf.Type}",
    };

    private static string Flags(ElfSegment s) => $"{(s.IsReadable ? 'R' : '-')}{(s.IsWritable ? 'W' : '-')}{(s.IsExecutable ? 'X' : '-')}";
}
