using System.Buffers.Binary;
using static Translator.Elf.ElfNative;

namespace Translator.Elf;

// Viewing a position-independent image (static-pie, linked at 0) as if loaded at a chosen base.
//
// The rebased file keeps two byte views:
//  * Data           the ORIGINAL file bytes (unpatched headers, unrelocated data). This is what goes into the
//                   translated program's guest image: glibc's start-up code (_dl_relocate_static_pie) relocates
//                   itself at run time — it computes the load base from the run-time address of __ehdr_start
//                   (RIP-relative / GOT-relative, so B regardless of header contents), then adds it to every
//                   RELATIVE slot and reads p_vaddr of its own program headers relative to that base. Both
//                   would go wrong on already patched bytes. X86Decoder also reads code from Data (code is
//                   never relocated in a static-pie).
//  * RelocatedData  headers, symbol tables, dynamic entries and relocation records patched to the new base, and
//                   the RELATIVE / IRELATIVE relocations applied as the loader would (IRELATIVE slots hold the
//                   resolver's address). All parsed structures (segments, sections, symbols, dynamic entries)
//                   and the translator's data queries (TryRead, GetFileBytes, ReadPointer, GetSectionData,
//                   init arrays, .eh_frame) use this view, so pointers stored in data read as run-time values.
// For an ordinary file both views are the same array and LoadBase is 0.
public sealed partial class ElfFile
{
    private readonly byte[]? _relocated;

    /// <summary>Address the image is viewed at (added to every link-time address); 0 unless from <see cref="LoadedAt"/>.</summary>
    public ulong LoadBase { get; }

    /// <summary>The bytes the translator's data queries see: <see cref="Data"/> with load-time relocations
    /// applied (same array as Data unless this file came from <see cref="LoadedAt"/>).</summary>
    public byte[] RelocatedData => _relocated ?? Data;

    private ElfFile(byte[] relocated, string displayName, byte[] original, ulong loadBase) : this(relocated, displayName)
    {
        Data = original;
        _relocated = relocated;
        LoadBase = loadBase;
    }

    /// <summary>
    /// This file as if loaded at <paramref name="loadBase"/>: every address shifted by the base, RELATIVE and
    /// IRELATIVE relocations applied in <see cref="RelocatedData"/>, <see cref="Data"/> left original.
    /// </summary>
    public ElfFile LoadedAt(ulong loadBase)
    {
        if (loadBase == 0) return this;
        if (LoadBase != 0) throw new InvalidOperationException($"{DisplayName}: already rebased to 0x{LoadBase:x}");
        ulong limit = Is64 ? ulong.MaxValue : uint.MaxValue;
        ulong top = _loadsByAddress.Length == 0 ? 0
            : _loadsByAddress[^1].VirtualAddress + _loadsByAddress[^1].MemorySize;
        if (loadBase > limit || top > limit - loadBase)
            throw new ElfFormatException($"{DisplayName}: cannot load at 0x{loadBase:x}: the image would overflow the address space");

        byte[] original = Data;
        byte[] p = (byte[])original.Clone();
        var w = new Patcher(p, Is64);

        // ELF header: e_entry.
        w.Add(24, loadBase);

        // Program headers (not PT_NULL / PT_GNU_STACK, whose addresses mean nothing).
        int phent = Is64 ? Elf64PhdrSize : Elf32PhdrSize;
        for (int i = 0; i < _segments.Count; i++)
        {
            var s = _segments[i];
            if (s.Type == PT_NULL || s.Type == PT_GNU_STACK) continue;
            ulong ph = ProgramHeaderOffset + (ulong)i * (ulong)phent;
            w.Add(ph + (Is64 ? 16UL : 8UL), loadBase);
            w.Add(ph + (Is64 ? 24UL : 12UL), loadBase);
        }

        // Section headers: sh_addr of allocated sections.
        int shent = Is64 ? Elf64ShdrSize : Elf32ShdrSize;
        foreach (var s in _sections)
        {
            if (s.Index == 0 || !s.IsAllocated) continue;
            w.Add(SectionHeaderOffset + (ulong)s.Index * (ulong)shent + (Is64 ? 16UL : 12UL), loadBase);
        }

        // Symbol values: defined, section-relative, not TLS offsets.
        int symSize = Is64 ? Elf64SymSize : Elf32SymSize;
        foreach (var sec in _sections)
        {
            if (sec.Index == 0 || (sec.Type != SHT_SYMTAB && sec.Type != SHT_DYNSYM) || sec.Size == 0) continue;
            ulong count = sec.Size / (ulong)symSize;
            for (ulong i = 1; i < count; i++)
            {
                ulong e = sec.Offset + i * (ulong)symSize;
                byte info = p[e + (Is64 ? 4UL : 12UL)];
                ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan((int)(e + (Is64 ? 6UL : 14UL))));
                if (shndx == SHN_UNDEF || (shndx >= SHN_LORESERVE && shndx != SHN_XINDEX) || (info & 0xf) == STT_TLS)
                    continue;
                w.Add(e + (Is64 ? 8UL : 4UL), loadBase);
            }
        }

        // Dynamic entries holding addresses.
        var dyn = _segments.FirstOrDefault(s => s.Type == PT_DYNAMIC);
        if (dyn is not null)
        {
            int entSize = Is64 ? Elf64DynSize : Elf32DynSize;
            for (int i = 0; i < _dynamic.Count; i++)
                if (IsAddressTag(_dynamic[i].Tag) && _dynamic[i].Value != 0)
                    w.Add(dyn.Offset + (ulong)i * (ulong)entSize + (ulong)(entSize / 2), loadBase);
        }

        // Relocations: patch the records, apply RELATIVE / IRELATIVE to their targets.
        foreach (var table in RelocationTables())
            ApplyRelocations(table, original, w, loadBase);

        return new ElfFile(p, DisplayName, original, loadBase);
    }

    private static bool IsAddressTag(long tag) => tag is DT_PLTGOT or DT_HASH or DT_STRTAB or DT_SYMTAB or DT_RELA
        or DT_INIT or DT_FINI or DT_REL or DT_JMPREL or DT_INIT_ARRAY or DT_FINI_ARRAY or DT_PREINIT_ARRAY
        or DT_SYMTAB_SHNDX or DT_RELR or DT_GNU_HASH or DT_VERSYM or DT_VERDEF or DT_VERNEED;

    private enum RelocKind { Rel, Rela, Relr }

    private readonly record struct RelocTable(RelocKind Kind, ulong Offset, ulong Size, string What);

    /// <summary>Allocated REL/RELA/RELR sections, or, without section headers, the tables named by DT_* tags.</summary>
    private List<RelocTable> RelocationTables()
    {
        var tables = new List<RelocTable>();
        foreach (var s in _sections)
        {
            if (s.Index == 0 || !s.IsAllocated || s.Size == 0) continue;
            RelocKind? kind = s.Type switch { SHT_REL => RelocKind.Rel, SHT_RELA => RelocKind.Rela, SHT_RELR => RelocKind.Relr, _ => null };
            if (kind is { } k)
            {
                GetSectionData(s); // validates the range
                tables.Add(new RelocTable(k, s.Offset, s.Size, $"section {s.Index} ({s.Name})"));
            }
        }
        if (tables.Count > 0 || _sections.Count > 1) return tables;

        void FromDynamic(long addrTag, long sizeTag, RelocKind kind)
        {
            if (GetDynamicValue(addrTag) is not ulong addr || GetDynamicValue(sizeTag) is not ulong size || size == 0) return;
            var seg = FindLoadSegment(addr);
            if (seg is null || addr - seg.VirtualAddress + size > seg.FileSize)
                throw _r.Error($"relocation table at 0x{addr:x} (dynamic tag {addrTag}, 0x{size:x} bytes) is not in a file-backed PT_LOAD segment");
            tables.Add(new RelocTable(kind, seg.Offset + (addr - seg.VirtualAddress), size, $"dynamic tag {addrTag} table"));
        }
        FromDynamic(DT_RELA, DT_RELASZ, RelocKind.Rela);
        FromDynamic(DT_REL, DT_RELSZ, RelocKind.Rel);
        FromDynamic(DT_RELR, DT_RELRSZ, RelocKind.Relr);
        FromDynamic(DT_JMPREL, DT_PLTRELSZ, GetDynamicValue(DT_PLTREL) == (ulong)DT_RELA ? RelocKind.Rela : RelocKind.Rel);
        return tables;
    }

    private void ApplyRelocations(RelocTable t, byte[] original, Patcher w, ulong loadBase)
    {
        int word = PointerSize;
        var r = new ElfDataReader(original, DisplayName, Is64);
        ulong Target(ulong address)
        {
            var seg = FindLoadSegment(address);
            if (seg is null || address - seg.VirtualAddress + (ulong)word > seg.FileSize)
                throw _r.Error($"{t.What}: relocation target 0x{address:x} is not in the file data of a PT_LOAD segment");
            return seg.Offset + (address - seg.VirtualAddress);
        }

        if (t.Kind == RelocKind.Relr)
        {
            ulong where = 0;
            for (ulong o = 0; o + (ulong)word <= t.Size; o += (ulong)word)
            {
                ulong entry = r.Word(t.Offset + o, t.What);
                if ((entry & 1) == 0)
                {
                    w.Add(Target(entry), loadBase);
                    where = entry + (ulong)word;
                }
                else
                {
                    int bits = word * 8 - 1;
                    for (int i = 0; i < bits; i++)
                        if (((entry >> (i + 1)) & 1) != 0) w.Add(Target(where + (ulong)(i * word)), loadBase);
                    where += (ulong)(bits * word);
                }
            }
            return;
        }

        bool rela = t.Kind == RelocKind.Rela;
        int entSize = Is64 ? (rela ? 24 : 16) : (rela ? 12 : 8);
        uint relative = Is64 ? R_X86_64_RELATIVE : R_386_RELATIVE;
        uint irelative = Is64 ? R_X86_64_IRELATIVE : R_386_IRELATIVE;
        for (ulong o = 0; o + (ulong)entSize <= t.Size; o += (ulong)entSize)
        {
            ulong e = t.Offset + o;
            ulong offset = r.Word(e, t.What);
            ulong info = r.Word(e + (ulong)word, t.What);
            uint type = Is64 ? (uint)info : (uint)(info & 0xff);
            bool rel = type == relative || type == irelative;
            w.Add(e, loadBase); // r_offset
            if (!rel) continue;
            ulong target = Target(offset);
            if (rela)
            {
                ulong addend = r.Word(e + (ulong)(2 * word), t.What);
                w.Add(e + (ulong)(2 * word), loadBase);
                w.Set(target, addend + loadBase);
            }
            else
            {
                w.Set(target, r.Word(target, t.What) + loadBase);
            }
        }
    }

    /// <summary>Little-endian word writes into the patched copy (addresses wrap to the class's word size).</summary>
    private readonly struct Patcher(byte[] bytes, bool is64)
    {
        public void Set(ulong offset, ulong value)
        {
            var span = bytes.AsSpan(checked((int)offset), is64 ? 8 : 4);
            if (is64) BinaryPrimitives.WriteUInt64LittleEndian(span, value);
            else BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value);
        }

        public void Add(ulong offset, ulong delta)
        {
            var span = bytes.AsSpan(checked((int)offset), is64 ? 8 : 4);
            ulong v = is64 ? BinaryPrimitives.ReadUInt64LittleEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
            Set(offset, v + delta);
        }
    }
}
