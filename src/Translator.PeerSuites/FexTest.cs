using System.Globalization;
using System.Text.Json;

namespace Translator.PeerSuites;

/// <summary>One FEX unittests/ASM file: its JSON header (between "%ifdef CONFIG" and "%endif") and its code.</summary>
public sealed class FexTest
{
    public required string Path { get; init; }
    /// <summary>Folder the file lives in, prefixed with the mode: "64/Primary", "32/X87", "64/(top)".</summary>
    public required string Table { get; init; }
    public required string Name { get; init; }
    public bool Is32Bit { get; init; }
    public Dictionary<string, ulong[]> RegData { get; } = new();
    public SortedDictionary<ulong, ulong> MemoryRegions { get; } = new();
    public List<(ulong Address, byte[] Bytes)> MemoryData { get; } = new();
    public HashSet<string> HostFeatures { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, string> Env { get; } = new();
    /// <summary>No RegData: FEX only checks that the code reaches hlt (or, with "Match", compares two of its own
    /// cores); we compare every register with the native run.</summary>
    public bool OnlyMatch { get; init; }
    public required string Body { get; init; }

    public bool ReducedPrecisionX87 => Env.TryGetValue("FEX_X87REDUCEDPRECISION", out var v) && v != "0";

    public static FexTest Load(string path, string table)
    {
        string text = File.ReadAllText(path);
        int start = text.IndexOf("%ifdef CONFIG", StringComparison.Ordinal);
        int end = start < 0 ? -1 : text.IndexOf("%endif", start, StringComparison.Ordinal);
        if (start < 0 || end < 0) throw new FormatException("no %ifdef CONFIG … %endif header");
        string json = text[(start + "%ifdef CONFIG".Length)..end];
        string body = text[(end + "%endif".Length)..];
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        });
        var root = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name.ToUpperInvariant(), p => p.Value);
        bool is32 = root.TryGetValue("MODE", out var mode) && mode.GetString()!.Equals("32BIT", StringComparison.OrdinalIgnoreCase);
        var test = new FexTest
        {
            Path = path,
            Table = table,
            Name = System.IO.Path.GetFileName(path),
            Is32Bit = is32,
            OnlyMatch = !root.ContainsKey("REGDATA"),
            Body = body,
        };
        if (root.TryGetValue("REGDATA", out var regs))
            foreach (var reg in regs.EnumerateObject())
                test.RegData[reg.Name.ToUpperInvariant()] = reg.Value.ValueKind == JsonValueKind.Array
                    ? reg.Value.EnumerateArray().Select(v => ParseNumber(v.GetString()!)).ToArray()
                    : [ParseNumber(reg.Value.GetString()!)];
        if (root.TryGetValue("MEMORYREGIONS", out var regions))
            foreach (var region in regions.EnumerateObject())
                test.MemoryRegions[ParseNumber(region.Name)] = ParseNumber(region.Value.GetString()!);
        if (root.TryGetValue("MEMORYDATA", out var data))
            foreach (var item in data.EnumerateObject())
                test.MemoryData.Add((ParseNumber(item.Name), ParseHexBytes(item.Value.GetString()!)));
        if (root.TryGetValue("HOSTFEATURES", out var features))
            foreach (var f in features.EnumerateArray()) test.HostFeatures.Add(f.GetString()!);
        if (root.TryGetValue("ENV", out var env))
            foreach (var e in env.EnumerateObject()) test.Env[e.Name] = e.Value.GetString() ?? "";
        if (test.Env.TryGetValue("FEX_HOSTFEATURES", out var hf) && hf.Contains("enableavx", StringComparison.OrdinalIgnoreCase))
            test.HostFeatures.Add("AVX");
        return test;
    }

    /// <summary>Integers as FEX's script reads them (Python int(x, 0)): 0x… hex, else decimal.</summary>
    public static ulong ParseNumber(string s)
    {
        s = s.Trim().Replace("_", "");
        return s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>MemoryData values: space-separated hex groups, each group written least significant byte first
    /// (so "0x41424344" and "44 43 42 41" give the same bytes).</summary>
    private static byte[] ParseHexBytes(string s)
    {
        var bytes = new List<byte>();
        bool prefixed = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        foreach (var group in s.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string num = prefixed && group.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? group[2..] : group;
            while (num.Length > 0)
            {
                string b = num.Length >= 2 ? num[^2..] : num;
                bytes.Add(byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                num = num[..^b.Length];
            }
        }
        return bytes.ToArray();
    }
}
