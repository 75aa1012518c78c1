using System.Buffers.Binary;
using static Translator.Elf.ElfNative;

namespace Translator.Elf;

// Dynamic section, symbol tables, notes, init/fini arrays and .eh_frame queries.
public sealed partial class ElfFile
{
    private IReadOnlyList<ulong>? _ehFrameStarts;

    private void ParseDynamic()
    {
        var dyn = _segments.FirstOrDefault(s => s.Type == PT_DYNAMIC);
        if (dyn is not null && dyn.FileSize > 0)
        {
            int entSize = Is64 ? Elf64DynSize : Elf32DynSize;
            ulong count = dyn.FileSize / (ulong)entSize;
            for (ulong i = 0; i < count; i++)
            {
                ulong p = dyn.Offset + i * (ulong)entSize;
                long tag = Is64 ? (long)_r.U64(p, "dynamic entry") : _r.U32(p, "dynamic entry");
                if (!Is64) tag = (int)tag; // sign-extend 32-bit tags
                ulong val = _r.Word(p + (ulong)(entSize / 2), "dynamic entry");
                if (tag == DT_NULL) break;
                _dynamic.Add((tag, val));
            }
        }
        IsDynamicallyLinked = _segments.Any(s => s.Type == PT_INTERP) || _dynamic.Any(d => d.Tag == DT_NEEDED);
    }

    /// <summary>Value of the first dynamic entry with <paramref name="tag"/>, or null.</summary>
    public ulong? GetDynamicValue(long tag)
    {
        foreach (var (t, v) in _dynamic)
            if (t == tag) return v;
        return null;
    }

    private void ParseSymbols()
    {
        foreach (var type in new[] { SHT_SYMTAB, SHT_DYNSYM })
        {
            foreach (var sec in _sections)
            {
                if (sec.Index == 0 || sec.Type != type) continue;
                ParseSymbolTable(sec);
            }
        }
    }

    private void ParseSymbolTable(ElfSection sec)
    {
        int symSize = Is64 ? Elf64SymSize : Elf32SymSize;
        string what = $"symbol table section {sec.Index} ({sec.Name})";
        if (sec.EntrySize != (ulong)symSize && sec.EntrySize != 0)
            throw _r.Error($"{what}: sh_entsize is {sec.EntrySize}, expected {symSize}");
        if (sec.Size % (ulong)symSize != 0)
            throw _r.Error($"{what}: size 0x{sec.Size:x} is not a multiple of the entry size {symSize}");
        if (sec.Size == 0) return;
        if (sec.Link == 0 || sec.Link >= (uint)_sections.Count)
            throw _r.Error($"{what}: string table link {sec.Link} is out of range (section count {_sections.Count})");
        var strtab = _sections[(int)sec.Link];
        if (!strtab.HasFileData)
            throw _r.Error($"{what}: linked string table section {strtab.Index} has no file data");
        ulong count = sec.Size / (ulong)symSize;
        for (ulong i = 1; i < count; i++)
        {
            ulong p = sec.Offset + i * (ulong)symSize;
            uint name;
            ulong value, size;
            byte info;
            ushort shndx;
            if (Is64)
            {
                name = _r.U32(p, what); info = _r.U8(p + 4, what); shndx = _r.U16(p + 6, what);
                value = _r.U64(p + 8, what); size = _r.U64(p + 16, what);
            }
            else
            {
                name = _r.U32(p, what); value = _r.U32(p + 4, what); size = _r.U32(p + 8, what);
                info = _r.U8(p + 12, what); shndx = _r.U16(p + 14, what);
            }
            string symName = name == 0 ? string.Empty
                : _r.String(strtab.Offset, strtab.Size, name, $"{what} symbol {i}");
            _symbols.Add(new ElfSymbol(symName, value, size, (byte)(info & 0xf), (byte)(info >> 4), shndx));
        }
    }

    private void ParseNotes()
    {
        var noteSegments = _segments.Where(s => s.Type == PT_NOTE).ToList();
        if (noteSegments.Count > 0)
        {
            for (int i = 0; i < noteSegments.Count; i++)
            {
                var s = noteSegments[i];
                ParseNoteBlock(s.Offset, s.FileSize, s.Alignment == 8 ? 8 : 4, $"PT_NOTE program header {_segments.IndexOf(s)}");
            }
            return;
        }
        foreach (var sec in _sections)
            if (sec.Index != 0 && sec.Type == SHT_NOTE)
                ParseNoteBlock(sec.Offset, sec.Size, sec.Alignment == 8 ? 8 : 4, $"note section {sec.Index} ({sec.Name})");
    }

    private void ParseNoteBlock(ulong offset, ulong size, int align, string what)
    {
        if (size == 0) return;
        var block = _r.Slice(offset, size, what);
        int pos = 0;
        while (pos < block.Length)
        {
            if (block.Length - pos < 12)
                throw _r.Error($"{what}: truncated note header at offset 0x{offset + (ulong)pos:x}");
            uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(block[pos..]);
            uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(block[(pos + 4)..]);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(block[(pos + 8)..]);
            ulong nameStart = (ulong)pos + 12;
            ulong descStart = AlignUp((ulong)pos + 12 + namesz, (ulong)align);
            ulong next = AlignUp(descStart + descsz, (ulong)align);
            if (nameStart + namesz > (ulong)block.Length || descStart + descsz > (ulong)block.Length)
                throw _r.Error($"{what}: note at offset 0x{offset + (ulong)pos:x} (namesz {namesz}, descsz {descsz}) runs past the end of its note area");
            var nameBytes = block.Slice((int)nameStart, (int)namesz);
            int nul = nameBytes.IndexOf((byte)0);
            if (nul >= 0) nameBytes = nameBytes[..nul];
            _notes.Add(new ElfNote(System.Text.Encoding.UTF8.GetString(nameBytes), type,
                block.Slice((int)descStart, (int)descsz).ToArray()));
            if (next >= (ulong)block.Length) break;
            pos = (int)next;
        }
    }

    private static ulong AlignUp(ulong v, ulong a) => (v + a - 1) & ~(a - 1);

    public IReadOnlyList<ulong> GetInitArrayFunctions()
    {
        var result = new List<ulong>();
        ulong minusOne = Is64 ? ulong.MaxValue : uint.MaxValue;
        void Add(ulong v)
        {
            if (v != 0 && v != minusOne) result.Add(v);
        }

        var arraySections = new List<ElfSection>();
        foreach (var (type, name) in new[] { (SHT_PREINIT_ARRAY, ".preinit_array"), (SHT_INIT_ARRAY, ".init_array"), (SHT_FINI_ARRAY, ".fini_array") })
        {
            foreach (var s in _sections)
            {
                if (s.Index == 0 || s.Type == SHT_NOBITS) continue;
                if (s.Type == type || (s.Type == SHT_PROGBITS && (s.Name == name || s.Name.StartsWith(name + "."))))
                    arraySections.Add(s);
            }
        }

        if (arraySections.Count > 0)
        {
            foreach (var s in arraySections)
            {
                var bytes = GetSectionData(s);
                for (int i = 0; i + PointerSize <= bytes.Length; i += PointerSize)
                    Add(Is64 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..]));
            }
            return result;
        }

        foreach (var (addrTag, sizeTag) in new[] { (DT_PREINIT_ARRAY, DT_PREINIT_ARRAYSZ), (DT_INIT_ARRAY, DT_INIT_ARRAYSZ), (DT_FINI_ARRAY, DT_FINI_ARRAYSZ) })
        {
            if (GetDynamicValue(addrTag) is not ulong addr || GetDynamicValue(sizeTag) is not ulong size) continue;
            if (size > (ulong)Data.Length)
                throw _r.Error($"dynamic tag {addrTag} array size 0x{size:x} is larger than the file");
            for (ulong off = 0; off + (ulong)PointerSize <= size; off += (ulong)PointerSize)
            {
                ulong? v = ReadPointer(addr + off, PointerSize);
                if (v is null)
                    throw _r.Error($"init/fini array entry at 0x{addr + off:x} (dynamic tag {addrTag}) is not mapped by any PT_LOAD");
                Add(v.Value);
            }
        }
        return result;
    }

    public IReadOnlyList<ulong> GetEhFrameFunctionStarts() => _ehFrameStarts ??= ComputeEhFrameFunctionStarts();

    private List<ulong> ComputeEhFrameFunctionStarts()
    {
        ulong dataRelBase = (FindSection(".got") ?? FindSection(".got.plt"))?.Address ?? 0;
        var sec = FindSection(".eh_frame");
        if (sec is not null && sec.HasFileData && sec.Size > 0)
        {
            GetSectionData(sec); // validates the range
            var p = new EhFrameParser(RelocatedData, (int)sec.Offset, (int)sec.Size, sec.Address, PointerSize, dataRelBase,
                ReadPointer, $"{DisplayName}: section {sec.Index} (.eh_frame)");
            return p.GetFunctionStarts(stopAtTerminator: false);
        }

        ulong hdrAddress;
        ReadOnlySpan<byte> hdr;
        var hdrSec = FindSection(".eh_frame_hdr");
        var hdrSeg = _segments.FirstOrDefault(s => s.Type == PT_GNU_EH_FRAME);
        if (hdrSec is not null && hdrSec.HasFileData)
        {
            hdrAddress = hdrSec.Address;
            hdr = GetSectionData(hdrSec);
        }
        else if (hdrSeg is not null && hdrSeg.FileSize > 0)
        {
            hdrAddress = hdrSeg.VirtualAddress;
            hdr = _r.Slice(hdrSeg.Offset, hdrSeg.FileSize, "PT_GNU_EH_FRAME");
        }
        else
        {
            return [];
        }
        ulong ehFrame = EhFrameParser.ReadEhFrameHdrPointer(hdr, hdrAddress, PointerSize, DisplayName);
        var seg = FindLoadSegment(ehFrame);
        var bytes = GetFileBytes(ehFrame, int.MaxValue);
        if (seg is null || bytes.IsEmpty)
            throw _r.Error($".eh_frame_hdr at 0x{hdrAddress:x}: eh_frame_ptr 0x{ehFrame:x} is not in a file-backed PT_LOAD segment");
        int start = (int)(seg.Offset + (ehFrame - seg.VirtualAddress));
        var parser = new EhFrameParser(RelocatedData, start, bytes.Length, ehFrame, PointerSize, dataRelBase, ReadPointer,
            $"{DisplayName}: .eh_frame at 0x{ehFrame:x}");
        return parser.GetFunctionStarts(stopAtTerminator: true);
    }
}
