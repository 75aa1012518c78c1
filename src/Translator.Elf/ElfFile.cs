using System.Buffers.Binary;
using static Translator.Elf.ElfNative;

namespace Translator.Elf;

/// <summary>
/// A parsed little-endian ELF32/ELF64 file. All structural validation happens in <see cref="Parse"/>;
/// every malformed input yields an <see cref="ElfFormatException"/> whose message is one line naming the file.
/// </summary>
public sealed partial class ElfFile
{
    private const int MaxTableEntries = 65535 * 16; // sanity bound for extended (PN_XNUM / SHN_XINDEX) counts

    private readonly ElfDataReader _r;
    private readonly List<ElfSegment> _segments = [];
    private readonly List<ElfSection> _sections = [];
    private readonly List<ElfSymbol> _symbols = [];
    private readonly List<ElfNote> _notes = [];
    private readonly List<(long Tag, ulong Value)> _dynamic = [];
    private ElfSegment[] _loadsByAddress = [];

    public string DisplayName { get; }
    public byte[] Data { get; }
    public ElfClass Class { get; }
    public byte OsAbi { get; }
    public ushort Type { get; }
    public ushort Machine { get; }
    public uint Flags { get; }
    public ulong Entry { get; }
    public ulong ProgramHeaderOffset { get; }
    public ushort ProgramHeaderEntrySize { get; }
    public ulong SectionHeaderOffset { get; }
    public int SectionHeaderStringIndex { get; }
    public IReadOnlyList<ElfSegment> Segments => _segments;
    public IReadOnlyList<ElfSection> Sections => _sections;
    public IReadOnlyList<ElfSymbol> Symbols => _symbols;
    public IReadOnlyList<ElfNote> Notes => _notes;
    /// <summary>Entries of the PT_DYNAMIC segment up to (excluding) DT_NULL.</summary>
    public IReadOnlyList<(long Tag, ulong Value)> DynamicEntries => _dynamic;
    public bool Is64 => Class == ElfClass.Elf64;
    public int PointerSize => Is64 ? 8 : 4;
    public string? Interpreter { get; private set; }
    public bool IsDynamicallyLinked { get; private set; }
    public bool IsStaticPie => Type == ET_DYN && !IsDynamicallyLinked;

    public static ElfFile Load(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException or System.Security.SecurityException)
        {
            throw new ElfFormatException($"cannot read {path}: {OneLine(e.Message)}");
        }
        return Parse(data, path);
    }

    public static ElfFile Parse(byte[] data, string displayName)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ElfFile(data, displayName ?? "<elf>");
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    private ElfFile(byte[] data, string displayName)
    {
        DisplayName = displayName;
        Data = data;
        if (data.Length == 0) throw new ElfFormatException($"{displayName}: file is empty, not an ELF file");
        if (data.Length < 4 || data[0] != ELFMAG0 || data[1] != ELFMAG1 || data[2] != ELFMAG2 || data[3] != ELFMAG3)
            throw new ElfFormatException($"{displayName}: not an ELF file (bad magic at offset 0)");
        if (data.Length < EI_NIDENT)
            throw new ElfFormatException($"{displayName}: truncated ELF identification ({data.Length} bytes, need {EI_NIDENT})");
        Class = data[EI_CLASS] switch
        {
            ELFCLASS32 => ElfClass.Elf32,
            ELFCLASS64 => ElfClass.Elf64,
            var c => throw new ElfFormatException($"{displayName}: invalid ELF class {c} at offset {EI_CLASS} (expected 1 or 2)"),
        };
        if (data[EI_DATA] == ELFDATA2MSB)
            throw new ElfFormatException($"{displayName}: big-endian ELF (EI_DATA=2 at offset {EI_DATA}) is not supported; only little-endian input is accepted");
        if (data[EI_DATA] != ELFDATA2LSB)
            throw new ElfFormatException($"{displayName}: invalid ELF data encoding {data[EI_DATA]} at offset {EI_DATA}");
        if (data[EI_VERSION] != EV_CURRENT)
            throw new ElfFormatException($"{displayName}: unsupported ELF identification version {data[EI_VERSION]} at offset {EI_VERSION}");
        OsAbi = data[EI_OSABI];

        bool is64 = Class == ElfClass.Elf64;
        _r = new ElfDataReader(data, displayName, is64);
        int ehSize = is64 ? Elf64HeaderSize : Elf32HeaderSize;
        if (data.Length < ehSize)
            throw _r.Error($"truncated ELF header ({data.Length} bytes, an {(is64 ? "ELF64" : "ELF32")} header needs {ehSize})");

        Type = _r.U16(16, "e_type");
        Machine = _r.U16(18, "e_machine");
        uint version = _r.U32(20, "e_version");
        if (version != EV_CURRENT)
            throw _r.Error($"unsupported ELF version {version} in e_version at offset 0x14");
        ulong o = 24;
        Entry = _r.Word(o, "e_entry"); o += (ulong)_r.AddressSize;
        ProgramHeaderOffset = _r.Word(o, "e_phoff"); o += (ulong)_r.AddressSize;
        SectionHeaderOffset = _r.Word(o, "e_shoff"); o += (ulong)_r.AddressSize;
        Flags = _r.U32(o, "e_flags"); o += 4;
        o += 2; // e_ehsize
        ProgramHeaderEntrySize = _r.U16(o, "e_phentsize"); o += 2;
        uint phnum = _r.U16(o, "e_phnum"); o += 2;
        ushort shentsize = _r.U16(o, "e_shentsize"); o += 2;
        uint shnum = _r.U16(o, "e_shnum"); o += 2;
        uint shstrndx = _r.U16(o, "e_shstrndx");

        int phentExpected = is64 ? Elf64PhdrSize : Elf32PhdrSize;
        int shentExpected = is64 ? Elf64ShdrSize : Elf32ShdrSize;

        // Section header 0 carries extended counts (e_shnum == 0, e_phnum == PN_XNUM, e_shstrndx == SHN_XINDEX).
        bool haveShdrs = SectionHeaderOffset != 0;
        if (haveShdrs)
        {
            if (shentsize != shentExpected)
                throw _r.Error($"e_shentsize is {shentsize} at offset 0x{(is64 ? 0x3a : 0x2e):x}, expected {shentExpected} for {(is64 ? "ELF64" : "ELF32")}");
            _r.Require(SectionHeaderOffset, (ulong)shentExpected, "section header 0");
            var sh0 = ReadSectionHeader(SectionHeaderOffset, 0);
            if (shnum == 0)
            {
                if (sh0.Size > MaxTableEntries)
                    throw _r.Error($"absurd extended section count {sh0.Size} in section header 0 sh_size (e_shnum=0)");
                shnum = (uint)sh0.Size;
            }
            if (shstrndx == SHN_XINDEX) shstrndx = sh0.Link;
            if (phnum == PN_XNUM && sh0.Info != 0)
            {
                if (sh0.Info > MaxTableEntries)
                    throw _r.Error($"absurd extended program header count {sh0.Info} in section header 0 sh_info (e_phnum=PN_XNUM)");
                phnum = sh0.Info;
            }
        }
        else
        {
            shnum = 0;
            shstrndx = 0;
        }

        ParseProgramHeaders(phnum, phentExpected);
        CheckEntryPoint();
        if (haveShdrs) ParseSectionHeaders(shnum, shstrndx);
        SectionHeaderStringIndex = (int)shstrndx;

        ParseDynamic();
        ParseSymbols();
        ParseNotes();
    }

    private void ParseProgramHeaders(uint phnum, int phentExpected)
    {
        if (phnum == 0) return;
        if (ProgramHeaderOffset == 0)
            throw _r.Error($"e_phnum is {phnum} but e_phoff is 0");
        if (ProgramHeaderEntrySize != phentExpected)
            throw _r.Error($"e_phentsize is {ProgramHeaderEntrySize} at offset 0x{(Is64 ? 0x36 : 0x2a):x}, expected {phentExpected} for {(Is64 ? "ELF64" : "ELF32")}");
        ulong tableSize = (ulong)phnum * (ulong)phentExpected;
        if (!_r.InFile(ProgramHeaderOffset, tableSize))
            throw _r.Error($"program header table ({phnum} entries at offset 0x{ProgramHeaderOffset:x}, 0x{tableSize:x} bytes) extends beyond the end of the file (size 0x{Data.Length:x})");

        for (uint i = 0; i < phnum; i++)
        {
            ulong p = ProgramHeaderOffset + (ulong)i * (ulong)phentExpected;
            ElfSegment seg;
            if (Is64)
            {
                seg = new ElfSegment(_r.U32(p, "p_type"), _r.U32(p + 4, "p_flags"), _r.U64(p + 8, "p_offset"),
                    _r.U64(p + 16, "p_vaddr"), _r.U64(p + 24, "p_paddr"), _r.U64(p + 32, "p_filesz"),
                    _r.U64(p + 40, "p_memsz"), _r.U64(p + 48, "p_align"));
            }
            else
            {
                seg = new ElfSegment(_r.U32(p, "p_type"), _r.U32(p + 24, "p_flags"), _r.U32(p + 4, "p_offset"),
                    _r.U32(p + 8, "p_vaddr"), _r.U32(p + 12, "p_paddr"), _r.U32(p + 16, "p_filesz"),
                    _r.U32(p + 20, "p_memsz"), _r.U32(p + 28, "p_align"));
            }
            if (seg.Type != PT_NULL && seg.FileSize != 0 && !_r.InFile(seg.Offset, seg.FileSize))
                throw _r.Error($"program header {i} (type 0x{seg.Type:x}): file range offset 0x{seg.Offset:x} size 0x{seg.FileSize:x} extends beyond the end of the file (size 0x{Data.Length:x})");
            if (seg.IsLoad)
            {
                // Also for p_filesz 0: the guest image is cut from the file at p_offset.
                if (seg.Offset > (ulong)Data.Length)
                    throw _r.Error($"program header {i} (PT_LOAD): p_offset 0x{seg.Offset:x} is beyond the end of the file (size 0x{Data.Length:x})");
                if (seg.MemorySize < seg.FileSize)
                    throw _r.Error($"program header {i} (PT_LOAD): p_memsz 0x{seg.MemorySize:x} is smaller than p_filesz 0x{seg.FileSize:x}");
                ulong limit = Is64 ? ulong.MaxValue : uint.MaxValue;
                if (seg.MemorySize > 0 && seg.MemorySize - 1 > limit - seg.VirtualAddress)
                    throw _r.Error($"program header {i} (PT_LOAD): address range 0x{seg.VirtualAddress:x} + 0x{seg.MemorySize:x} overflows the address space");
            }
            _segments.Add(seg);
        }

        _loadsByAddress = _segments.Where(s => s.IsLoad && s.MemorySize > 0).OrderBy(s => s.VirtualAddress).ToArray();
        for (int i = 1; i < _loadsByAddress.Length; i++)
        {
            var a = _loadsByAddress[i - 1];
            var b = _loadsByAddress[i];
            if (b.VirtualAddress - a.VirtualAddress < a.MemorySize)
                throw _r.Error($"overlapping PT_LOAD segments: program headers {_segments.IndexOf(a)} [0x{a.VirtualAddress:x}, +0x{a.MemorySize:x}) and {_segments.IndexOf(b)} [0x{b.VirtualAddress:x}, +0x{b.MemorySize:x})");
        }

        foreach (var seg in _segments)
        {
            if (seg.Type != PT_INTERP || seg.FileSize == 0) continue;
            var bytes = _r.Slice(seg.Offset, seg.FileSize, "PT_INTERP");
            int nul = bytes.IndexOf((byte)0);
            Interpreter = System.Text.Encoding.UTF8.GetString(nul >= 0 ? bytes[..nul] : bytes);
        }
    }

    /// <summary>An executable's entry point must lie in an executable PT_LOAD segment (a shared object may have none).</summary>
    private void CheckEntryPoint()
    {
        if (Type != ET_EXEC && !(Type == ET_DYN && Entry != 0)) return;
        if (_loadsByAddress.Length == 0)
            throw _r.Error($"executable has no loadable segment (no PT_LOAD program header with a size; e_phnum {_segments.Count})");
        var seg = FindLoadSegment(Entry);
        if (seg is null)
            throw _r.Error($"entry point 0x{Entry:x} is outside every PT_LOAD segment");
        if (!seg.IsExecutable)
            throw _r.Error($"entry point 0x{Entry:x} is in a non-executable PT_LOAD segment (program header {_segments.IndexOf(seg)}, flags 0x{seg.Flags:x})");
    }

    private readonly record struct RawShdr(uint Name, uint Type, ulong Flags, ulong Addr, ulong Offset, ulong Size,
        uint Link, uint Info, ulong Align, ulong EntSize);

    private RawShdr ReadSectionHeader(ulong p, uint index)
    {
        string w = $"section header {index}";
        return Is64
            ? new RawShdr(_r.U32(p, w), _r.U32(p + 4, w), _r.U64(p + 8, w), _r.U64(p + 16, w), _r.U64(p + 24, w),
                _r.U64(p + 32, w), _r.U32(p + 40, w), _r.U32(p + 44, w), _r.U64(p + 48, w), _r.U64(p + 56, w))
            : new RawShdr(_r.U32(p, w), _r.U32(p + 4, w), _r.U32(p + 8, w), _r.U32(p + 12, w), _r.U32(p + 16, w),
                _r.U32(p + 20, w), _r.U32(p + 24, w), _r.U32(p + 28, w), _r.U32(p + 32, w), _r.U32(p + 36, w));
    }

    private void ParseSectionHeaders(uint shnum, uint shstrndx)
    {
        if (shnum == 0) return;
        ulong entSize = Is64 ? (ulong)Elf64ShdrSize : Elf32ShdrSize;
        ulong tableSize = shnum * entSize;
        if (!_r.InFile(SectionHeaderOffset, tableSize))
            throw _r.Error($"section header table ({shnum} entries at offset 0x{SectionHeaderOffset:x}, 0x{tableSize:x} bytes) extends beyond the end of the file (size 0x{Data.Length:x})");
        if (shstrndx >= shnum)
            throw _r.Error($"section name string table index e_shstrndx={shstrndx} is out of range (section count {shnum})");

        var raw = new RawShdr[shnum];
        for (uint i = 0; i < shnum; i++)
        {
            raw[i] = ReadSectionHeader(SectionHeaderOffset + i * entSize, i);
            var s = raw[i];
            if (i != 0 && s.Type != SHT_NOBITS && s.Type != SHT_NULL && s.Size != 0 && !_r.InFile(s.Offset, s.Size))
                throw _r.Error($"section {i}: file range offset 0x{s.Offset:x} size 0x{s.Size:x} extends beyond the end of the file (size 0x{Data.Length:x})");
        }

        var strtab = raw[shstrndx];
        bool haveNames = shstrndx != SHN_UNDEF;
        if (haveNames && strtab.Type == SHT_NOBITS)
            throw _r.Error($"section name string table (section {shstrndx}) has no file data (SHT_NOBITS)");
        for (uint i = 0; i < shnum; i++)
        {
            var s = raw[i];
            string name = haveNames && (i != 0 || s.Name != 0)
                ? _r.String(strtab.Offset, strtab.Size, s.Name, $"section {i} name")
                : string.Empty;
            _sections.Add(new ElfSection((int)i, name, s.Type, s.Flags, s.Addr, s.Offset, s.Size, s.Link, s.Info,
                s.Align, s.EntSize));
        }
    }

    public ElfSection? FindSection(string name)
    {
        foreach (var s in _sections)
            if (s.Index != 0 && s.Name == name) return s;
        return null;
    }

    public IEnumerable<ElfSection> FindSections(uint type) => _sections.Where(s => s.Index != 0 && s.Type == type);

    /// <summary>File bytes of a section (empty for SHT_NOBITS / SHT_NULL).</summary>
    public ReadOnlySpan<byte> GetSectionData(ElfSection section)
    {
        if (!section.HasFileData || section.Size == 0) return [];
        return _r.Slice(section.Offset, section.Size, $"section {section.Index} ({section.Name})");
    }

    public ElfSegment? FindLoadSegment(ulong virtualAddress)
    {
        var loads = _loadsByAddress;
        int lo = 0, hi = loads.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var s = loads[mid];
            if (virtualAddress < s.VirtualAddress) hi = mid - 1;
            else if (virtualAddress - s.VirtualAddress >= s.MemorySize) lo = mid + 1;
            else return s;
        }
        return null;
    }

    public bool TryRead(ulong virtualAddress, Span<byte> destination)
    {
        int done = 0;
        while (done < destination.Length)
        {
            ulong va = virtualAddress + (ulong)done;
            if (va < virtualAddress) return false; // wrapped
            var seg = FindLoadSegment(va);
            if (seg is null) return false;
            ulong inSeg = va - seg.VirtualAddress;
            ulong avail = seg.MemorySize - inSeg;
            int n = (int)Math.Min(avail, (ulong)(destination.Length - done));
            var dst = destination.Slice(done, n);
            if (inSeg < seg.FileSize)
            {
                int fromFile = (int)Math.Min((ulong)n, seg.FileSize - inSeg);
                RelocatedData.AsSpan((int)(seg.Offset + inSeg), fromFile).CopyTo(dst);
                dst[fromFile..].Clear();
            }
            else
            {
                dst.Clear();
            }
            done += n;
        }
        return true;
    }

    public ReadOnlySpan<byte> GetFileBytes(ulong virtualAddress, int maxLength)
    {
        if (maxLength <= 0) return [];
        var seg = FindLoadSegment(virtualAddress);
        if (seg is null) return [];
        ulong inSeg = virtualAddress - seg.VirtualAddress;
        if (inSeg >= seg.FileSize) return [];
        int n = (int)Math.Min((ulong)maxLength, seg.FileSize - inSeg);
        return RelocatedData.AsSpan((int)(seg.Offset + inSeg), n);
    }

    public ulong? ReadPointer(ulong virtualAddress, int size)
    {
        if (size != 4 && size != 8) throw new ArgumentOutOfRangeException(nameof(size), size, "pointer size must be 4 or 8");
        Span<byte> buf = stackalloc byte[8];
        if (!TryRead(virtualAddress, buf[..size])) return null;
        return size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(buf) : BinaryPrimitives.ReadUInt32LittleEndian(buf);
    }

    public override string ToString() =>
        $"{DisplayName}: {Class} {MachineName(Machine)} type {Type} entry 0x{Entry:x}, {_segments.Count} segments, {_sections.Count} sections";
}
