using System.Buffers.Binary;
using Iced.Intel;
using Translator.Elf;
using Translator.X86;

namespace Translator.Cfg;

/// <summary>Finds the guest functions, basic blocks and jump tables of a static x86 ELF executable.</summary>
public static class CodeDiscovery
{
    /// <summary>Names of functions that never return (matched after stripping a "__GI_" prefix and any "@version").</summary>
    public static readonly IReadOnlySet<string> NoReturnFunctionNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "exit", "_exit", "_Exit", "abort", "__assert_fail", "__assert_perror_fail", "__stack_chk_fail", "__stack_chk_fail_local",
        "__libc_fatal", "__fortify_fail", "_dl_signal_error", "__chk_fail", "__libc_longjmp", "longjmp", "_longjmp",
        "siglongjmp", "__longjmp_chk", "__libc_siglongjmp", "__malloc_assert", "__libc_message", "err", "errx", "verr", "verrx",
        "__libc_start_main", "__libc_start_call_main", "pthread_exit", "__pthread_exit", "_dl_fatal_printf",
    };

    /// <summary>
    /// Validates <paramref name="elf"/> (x86 / x86-64, ET_EXEC or ET_DYN, statically linked, entry in executable memory)
    /// and discovers its code. Throws <see cref="UnsupportedBinaryException"/> with a one-line message otherwise.
    /// </summary>
    public static GuestProgram Discover(ElfFile elf)
    {
        var mode = X86Decoder.ModeOf(elf);
        var decoder = new X86Decoder(elf, mode);
        if (!decoder.IsExecutable(elf.Entry))
            throw new UnsupportedBinaryException($"{elf.DisplayName}: entry point 0x{elf.Entry:x} is not in an executable segment");
        return new Discoverer(elf, mode, decoder).Run();
    }

    internal static bool IsNoReturnName(string name)
    {
        int at = name.IndexOf('@');
        if (at >= 0) name = name[..at];
        if (name.StartsWith("__GI_", StringComparison.Ordinal)) name = name[5..];
        return NoReturnFunctionNames.Contains(name);
    }
}

/// <summary>The state of one Discover() run.</summary>
internal sealed class Discoverer
{
    private const int MaxFunctions = 500_000;
    private const int MaxUnboundedTableEntries = 1024;
    private const int MaxBoundedTableEntries = 65_536;

    private readonly ElfFile _elf;
    private readonly GuestMode _mode;
    private readonly X86Decoder _decoder;
    private readonly int _ptrSize;
    private readonly ulong _addrMask;

    private readonly Dictionary<ulong, Instruction> _decodeCache = new();
    private readonly HashSet<ulong> _undecodableCache = new();

    // Function entries and what we know about them.
    private readonly HashSet<ulong> _entries = new();
    private readonly Dictionary<ulong, int> _entryAddedAt = new(); // entry -> sequence number when added
    private int _entrySeq;
    private readonly Dictionary<ulong, (string Name, int Rank)> _names = new();
    private readonly Dictionary<ulong, ulong> _symbolSize = new();
    private readonly HashSet<ulong> _noReturn = new();
    private ulong[]? _sortedEntries;
    private readonly Dictionary<ulong, (ulong Register, bool Ok)> _pcThunkCache = new();
    private ulong? _gotAddress;
    private bool _gotComputed;

    public Discoverer(ElfFile elf, GuestMode mode, X86Decoder decoder)
    {
        _elf = elf;
        _mode = mode;
        _decoder = decoder;
        _ptrSize = mode.PointerSize();
        _addrMask = mode == GuestMode.X64 ? ulong.MaxValue : 0xFFFF_FFFFUL;
    }

    public GuestProgram Run()
    {
        var program = new GuestProgram { Elf = _elf, Mode = _mode, EntryPoint = _elf.Entry };
        var queue = new Queue<ulong>();

        void AddEntry(ulong a)
        {
            if (!_decoder.IsExecutable(a) || _entries.Count >= MaxFunctions) return;
            if (_entries.Add(a))
            {
                _entryAddedAt[a] = _entrySeq++;
                _sortedEntries = null;
                queue.Enqueue(a);
            }
        }

        // Symbols: names, sizes, noreturn-ness.
        foreach (var sym in _elf.Symbols)
        {
            if ((sym.Type != ElfNative.STT_FUNC && sym.Type != 10 /* STT_GNU_IFUNC */) || sym.SectionIndex == 0)
                continue;
            ulong a = sym.Value & _addrMask;
            if (!_decoder.IsExecutable(a) || string.IsNullOrEmpty(sym.Name))
                continue;
            int rank = (sym.Binding == ElfNative.STB_GLOBAL ? 300 : sym.Binding == ElfNative.STB_LOCAL ? 100 : 200)
                       + (sym.Size > 0 ? 50 : 0) - Math.Min(20, LeadingUnderscores(sym.Name) * 5);
            if (!_names.TryGetValue(a, out var old) || rank > old.Rank)
                _names[a] = (sym.Name, rank);
            if (sym.Size > 0 && (!_symbolSize.TryGetValue(a, out ulong sz) || sym.Size > sz))
                _symbolSize[a] = sym.Size;
            if (CodeDiscovery.IsNoReturnName(sym.Name))
                _noReturn.Add(a);
        }

        AddEntry(_elf.Entry);
        foreach (var a in _names.Keys.OrderBy(a => a)) AddEntry(a);
        CollectDataRoots();
        foreach (var a in SafeList(_elf.GetEhFrameFunctionStarts, program)) AddEntry(a & _addrMask);
        foreach (var a in SafeList(_elf.GetInitArrayFunctions, program)) AddEntry(a & _addrMask);

        // Explore to a fixpoint: direct call targets become new functions.
        var results = new Dictionary<ulong, FunctionExplorer>();
        var exploredAtSeq = new Dictionary<ulong, int>();
        while (true)
        {
            while (queue.Count > 0)
            {
                ulong e = queue.Dequeue();
                var fx = new FunctionExplorer(this, e);
                exploredAtSeq[e] = _entrySeq;
                fx.Explore();
                results[e] = fx;
                foreach (var t in fx.CallTargets) AddEntry(t);
                foreach (var t in fx.Continuations)
                    if (_continuationEntries.Add(t)) AddEntry(t);
            }

            // Functions explored before some entry inside them became known must be re-explored, so that
            // direct jumps to that entry become tail calls.
            var redo = new List<ulong>();
            foreach (var (e, fx) in results)
            {
                int seq = exploredAtSeq[e];
                if (seq == _entrySeq) continue;
                foreach (var l in fx.Leaders)
                {
                    if (l != e && _entryAddedAt.TryGetValue(l, out int added) && added >= seq)
                    {
                        redo.Add(e);
                        break;
                    }
                }
            }
            if (redo.Count == 0) break;
            foreach (var e in redo) queue.Enqueue(e);
        }

        // Build the functions.
        var problemSet = new HashSet<(ulong, string)>();
        foreach (var e in results.Keys.OrderBy(a => a))
        {
            var fx = results[e];
            var fn = fx.Build();
            if (_names.TryGetValue(e, out var n)) fn.Name = n.Name;
            program.Functions[e] = fn;
            foreach (var p in fx.Problems)
                if (problemSet.Add(p)) program.Problems.Add(p);
        }

        ScanDataReferences(program);
        ComputedJumpEntries.Apply(program);
        ThreadStartEntries.Apply(program);
        program.Problems.Sort((a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : string.CompareOrdinal(a.Reason, b.Reason));
        return program;
    }

    private static IEnumerable<ulong> SafeList(Func<IReadOnlyList<ulong>> get, GuestProgram program)
    {
        try
        {
            return get();
        }
        catch (ElfFormatException ex)
        {
            program.Problems.Add((0, "ignored malformed ELF table: " + ex.Message));
            return [];
        }
    }

    private static int LeadingUnderscores(string s)
    {
        int i = 0;
        while (i < s.Length && s[i] == '_') i++;
        return i;
    }

    /// <summary>Aligned pointers in non-executable loaded data that point at a block start inside a function become
    /// external entries of that function (they can be reached through a code pointer).</summary>
    private void ScanDataReferences(GuestProgram program)
    {
        var owners = new Dictionary<ulong, List<GuestFunction>>();
        foreach (var fn in program.Functions.Values)
        {
            foreach (var start in fn.Blocks.Keys)
            {
                if (start == fn.Entry) continue;
                if (!owners.TryGetValue(start, out var list)) owners[start] = list = new List<GuestFunction>(1);
                list.Add(fn);
            }
        }
        if (owners.Count == 0) return;
        foreach (ulong v in DataPointers.Values(_elf, _ptrSize))
            if (owners.TryGetValue(v, out var fns))
                foreach (var fn in fns) fn.ExternalEntries.Add(v);
    }

    private readonly Dictionary<ulong, List<ulong>> _dataRoots = new();

    /// <summary>Pointer-sized values in non-executable data that point strictly inside a sized function symbol.</summary>
    private void CollectDataRoots()
    {
        var ranges = _symbolSize.Select(kv => (Start: kv.Key, End: kv.Key + kv.Value)).OrderBy(r => r.Start).ToArray();
        if (ranges.Length == 0) return;
        var starts = ranges.Select(r => r.Start).ToArray();
        foreach (ulong v in DataPointers.Values(_elf, _ptrSize))
        {
            int k = Array.BinarySearch(starts, v);
            if (k >= 0) continue; // a function entry, handled as such
            k = ~k - 1;
            if (k < 0 || v >= ranges[k].End || !_decoder.IsExecutable(v)) continue;
            if (!_dataRoots.TryGetValue(ranges[k].Start, out var list)) _dataRoots[ranges[k].Start] = list = new List<ulong>();
            list.Add(v);
        }
    }

    internal IReadOnlyList<ulong> DataRootsFor(ulong entry) =>
        _dataRoots.TryGetValue(entry, out var list) ? list : Array.Empty<ulong>();

    // ----- services used by FunctionExplorer -----

    internal GuestMode Mode => _mode;
    internal int PointerSize => _ptrSize;
    internal ulong AddrMask => _addrMask;
    internal X86Decoder Decoder => _decoder;
    internal ElfFile Elf => _elf;

    internal bool TryDecode(ulong address, out Instruction instruction)
    {
        if (_decodeCache.TryGetValue(address, out instruction)) return true;
        if (_undecodableCache.Contains(address)) return false;
        if (_decoder.TryDecode(address, out instruction))
        {
            _decodeCache[address] = instruction;
            return true;
        }
        _undecodableCache.Add(address);
        return false;
    }

    private readonly HashSet<ulong> _knownTableStarts = new();
    internal bool IsKnownTableStart(ulong a) => _knownTableStarts.Contains(a);
    internal void AddKnownTableStart(ulong a) => _knownTableStarts.Add(a);

    internal bool IsEntry(ulong a) => _entries.Contains(a);

    /// <summary>Entries where a function too large to explore whole was cut (<see cref="FunctionExplorer"/>).</summary>
    private readonly HashSet<ulong> _continuationEntries = new();
    internal bool IsContinuation(ulong a) => _continuationEntries.Contains(a);
    internal bool IsNoReturn(ulong a) => _noReturn.Contains(a);
    internal ulong? SymbolSize(ulong entry) => _symbolSize.TryGetValue(entry, out var s) ? s : null;

    /// <summary>The smallest known function entry greater than <paramref name="a"/>, if any.</summary>
    internal ulong? NextEntryAfter(ulong a)
    {
        var sorted = _sortedEntries ??= _entries.Order().ToArray();
        int idx = Array.BinarySearch(sorted, a);
        idx = idx >= 0 ? idx + 1 : ~idx;
        return idx < sorted.Length ? sorted[idx] : null;
    }

    internal bool TryReadUInt(ulong va, int size, out ulong value)
    {
        Span<byte> buf = stackalloc byte[8];
        value = 0;
        if (!_elf.TryRead(va, buf[..size])) return false;
        value = size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(buf) : BinaryPrimitives.ReadUInt32LittleEndian(buf);
        return true;
    }

    /// <summary>If <paramref name="target"/> is an i386 get-pc thunk (<c>mov (%esp),%reg; ret</c>): the full register it sets.</summary>
    internal Register PcThunkRegister(ulong target)
    {
        if (_mode != GuestMode.I386) return Register.None;
        if (_pcThunkCache.TryGetValue(target, out var c)) return c.Ok ? (Register)c.Register : Register.None;
        Register result = Register.None;
        if (TryDecode(target, out var i1) && i1.Mnemonic == Mnemonic.Mov && i1.OpCount == 2 && i1.Op0Kind == OpKind.Register
            && i1.Op1Kind == OpKind.Memory && i1.MemoryBase == Register.ESP && i1.MemoryIndex == Register.None && i1.MemoryDisplacement64 == 0
            && TryDecode(i1.NextIP, out var i2) && i2.FlowControl == FlowControl.Return)
            result = i1.Op0Register.GetFullRegister();
        _pcThunkCache[target] = ((ulong)result, result != Register.None);
        return result;
    }

    /// <summary>The i386 GOT address (_GLOBAL_OFFSET_TABLE_), used as the base of GOTOFF jump tables.</summary>
    internal ulong? GotAddress
    {
        get
        {
            if (_gotComputed) return _gotAddress;
            _gotComputed = true;
            foreach (var s in _elf.Symbols)
                if (s.Name == "_GLOBAL_OFFSET_TABLE_" && s.SectionIndex != 0)
                    return _gotAddress = s.Value & _addrMask;
            var sec = _elf.FindSection(".got.plt") ?? _elf.FindSection(".got");
            return _gotAddress = sec?.Address;
        }
    }
}
