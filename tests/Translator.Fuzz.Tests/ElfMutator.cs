using System.Buffers.Binary;

namespace Translator.Fuzz.Tests;

/// <summary>
/// Deterministic mutations of a well-formed little-endian ELF file: bit flips, byte runs, truncations, and
/// overwrites/swaps of ELF header, program header, section header and symbol fields with boundary values.
/// The layout is read from the seed itself, so mutations aim at real fields of real tables.
/// </summary>
internal sealed class ElfMutator
{
    private readonly record struct Field(int Offset, int Size, string Name);

    private readonly byte[] _seed;
    private readonly bool _is64;
    private readonly List<Field> _fields = [];
    private readonly (int Start, int Length)[] _regions;
    private readonly List<(int Start, int Length)> _code = [];

    public ElfMutator(byte[] seed)
    {
        _seed = seed;
        _is64 = seed[4] == 2;
        int phoff = (int)Word(_is64 ? 32 : 28), shoff = (int)Word(_is64 ? 40 : 32);
        int phnum = U16(_is64 ? 56 : 44), shnum = U16(_is64 ? 60 : 48);
        int phent = _is64 ? 56 : 32, shent = _is64 ? 64 : 40;

        _fields.AddRange([new(4, 1, "EI_CLASS"), new(5, 1, "EI_DATA"), new(6, 1, "EI_VERSION"), new(7, 1, "EI_OSABI")]);
        var eh = _is64
            ? new[] { (16, 2, "e_type"), (18, 2, "e_machine"), (20, 4, "e_version"), (24, 8, "e_entry"), (32, 8, "e_phoff"),
                (40, 8, "e_shoff"), (48, 4, "e_flags"), (52, 2, "e_ehsize"), (54, 2, "e_phentsize"), (56, 2, "e_phnum"),
                (58, 2, "e_shentsize"), (60, 2, "e_shnum"), (62, 2, "e_shstrndx") }
            : [(16, 2, "e_type"), (18, 2, "e_machine"), (20, 4, "e_version"), (24, 4, "e_entry"), (28, 4, "e_phoff"),
                (32, 4, "e_shoff"), (36, 4, "e_flags"), (40, 2, "e_ehsize"), (42, 2, "e_phentsize"), (44, 2, "e_phnum"),
                (46, 2, "e_shentsize"), (48, 2, "e_shnum"), (50, 2, "e_shstrndx")];
        foreach (var (o, s, n) in eh) _fields.Add(new(o, s, n));

        var ph = _is64
            ? new[] { (0, 4, "p_type"), (4, 4, "p_flags"), (8, 8, "p_offset"), (16, 8, "p_vaddr"), (24, 8, "p_paddr"),
                (32, 8, "p_filesz"), (40, 8, "p_memsz"), (48, 8, "p_align") }
            : [(0, 4, "p_type"), (4, 4, "p_offset"), (8, 4, "p_vaddr"), (12, 4, "p_paddr"), (16, 4, "p_filesz"),
                (20, 4, "p_memsz"), (24, 4, "p_flags"), (28, 4, "p_align")];
        for (int i = 0; i < phnum; i++)
        {
            int h = phoff + i * phent;
            foreach (var (o, s, n) in ph) _fields.Add(new(h + o, s, $"phdr[{i}].{n}"));
            uint flags = U32(h + (_is64 ? 4 : 24));
            if (U32(h) == 1 /* PT_LOAD */ && (flags & 1) != 0 /* PF_X */)
                _code.Add(((int)Word(h + (_is64 ? 8 : 4)), (int)Word(h + (_is64 ? 32 : 16))));
        }

        var sh = _is64
            ? new[] { (0, 4, "sh_name"), (4, 4, "sh_type"), (8, 8, "sh_flags"), (16, 8, "sh_addr"), (24, 8, "sh_offset"),
                (32, 8, "sh_size"), (40, 4, "sh_link"), (44, 4, "sh_info"), (48, 8, "sh_addralign"), (56, 8, "sh_entsize") }
            : [(0, 4, "sh_name"), (4, 4, "sh_type"), (8, 4, "sh_flags"), (12, 4, "sh_addr"), (16, 4, "sh_offset"),
                (20, 4, "sh_size"), (24, 4, "sh_link"), (28, 4, "sh_info"), (32, 4, "sh_addralign"), (36, 4, "sh_entsize")];
        var regions = new List<(int, int)> { (0, _is64 ? 64 : 52), (phoff, phnum * phent), (shoff, shnum * shent) };
        for (int i = 0; i < shnum; i++)
        {
            int h = shoff + i * shent;
            foreach (var (o, s, n) in sh) _fields.Add(new(h + o, s, $"shdr[{i}].{n}"));
            uint type = U32(h + 4);
            int offset = (int)Word(h + (_is64 ? 24 : 16)), size = (int)Word(h + (_is64 ? 32 : 20));
            if (type != 8 /* SHT_NOBITS */ && size > 0) regions.Add((offset, size));
            if (type == 2 /* SHT_SYMTAB */) AddSymbolFields(offset, size);
        }
        _regions = regions.ToArray();
    }

    private void AddSymbolFields(int offset, int size)
    {
        int ent = _is64 ? 24 : 16;
        var sym = _is64
            ? new[] { (0, 4, "st_name"), (4, 1, "st_info"), (6, 2, "st_shndx"), (8, 8, "st_value"), (16, 8, "st_size") }
            : [(0, 4, "st_name"), (4, 4, "st_value"), (8, 4, "st_size"), (12, 1, "st_info"), (14, 2, "st_shndx")];
        for (int i = 1; i < size / ent; i++)
            foreach (var (o, s, n) in sym) _fields.Add(new(offset + i * ent + o, s, $"sym[{i}].{n}"));
    }

    private ushort U16(int o) => BinaryPrimitives.ReadUInt16LittleEndian(_seed.AsSpan(o));
    private uint U32(int o) => BinaryPrimitives.ReadUInt32LittleEndian(_seed.AsSpan(o));
    private ulong Word(int o) => _is64 ? BinaryPrimitives.ReadUInt64LittleEndian(_seed.AsSpan(o)) : U32(o);

    /// <summary>One mutant and a short description of what was done (for the failure report).</summary>
    public (byte[] Data, string What) Mutate(Random rng)
    {
        var d = (byte[])_seed.Clone();
        var what = new List<string>();
        int count = rng.Next(10) < 7 ? 1 : 1 + rng.Next(3);
        for (int m = 0; m < count; m++)
        {
            switch (rng.Next(100))
            {
                case < 12: what.Add(FlipBits(d, rng)); break;
                case < 20: what.Add(ByteRun(d, rng)); break;
                case < 28:
                    int cut = rng.Next(1, d.Length);
                    d = d[..cut];
                    what.Add($"truncate to {cut}");
                    break;
                case < 36: what.Add(GarbleCode(d, rng)); break;
                case < 80: what.Add(OverwriteField(d, rng)); break;
                case < 92: what.Add(SwapFields(d, rng)); break;
                default: what.Add(SwapEntries(d, rng)); break;
            }
        }
        return (d, string.Join("; ", what));
    }

    private string FlipBits(byte[] d, Random rng)
    {
        var (start, length) = _regions[rng.Next(_regions.Length)];
        int flips = 1 + rng.Next(4);
        var at = new List<string>();
        for (int i = 0; i < flips; i++)
        {
            int pos = start + rng.Next(Math.Max(1, length));
            if (pos >= d.Length) continue;
            int bit = rng.Next(8);
            d[pos] ^= (byte)(1 << bit);
            at.Add($"0x{pos:x}.{bit}");
        }
        return "flip " + string.Join(",", at);
    }

    /// <summary>Random bytes inside the executable segment: the decoder, discovery and lifter meet arbitrary instructions.</summary>
    private string GarbleCode(byte[] d, Random rng)
    {
        if (_code.Count == 0) return "garble (no code)";
        var (start, length) = _code[rng.Next(_code.Count)];
        int pos = start + rng.Next(Math.Max(1, length));
        int len = 1 + rng.Next(32);
        for (int i = pos; i < Math.Min(d.Length, Math.Min(start + length, pos + len)); i++) d[i] = (byte)rng.Next(256);
        return $"code 0x{pos:x}+{len}";
    }

    private string ByteRun(byte[] d, Random rng)
    {
        var (start, length) = _regions[rng.Next(_regions.Length)];
        int pos = start + rng.Next(Math.Max(1, length));
        int len = 1 + rng.Next(16);
        byte fill = rng.Next(4) switch { 0 => 0x00, 1 => 0xff, 2 => 0xcc, _ => (byte)rng.Next(256) };
        bool random = rng.Next(2) == 0;
        for (int i = pos; i < Math.Min(d.Length, pos + len); i++) d[i] = random ? (byte)rng.Next(256) : fill;
        return random ? $"random run 0x{pos:x}+{len}" : $"run 0x{pos:x}+{len}=0x{fill:x2}";
    }

    private string OverwriteField(byte[] d, Random rng)
    {
        var f = _fields[rng.Next(_fields.Count)];
        if (f.Offset + f.Size > d.Length) return $"{f.Name} (past end)";
        ulong max = f.Size == 8 ? ulong.MaxValue : (1UL << (8 * f.Size)) - 1;
        ulong old = Read(d, f);
        ulong value = rng.Next(12) switch
        {
            0 => 0,
            1 => 1,
            2 => max,
            3 => max - 1,
            4 => (max >> 1) + 1, // sign bit
            5 => (ulong)d.Length,
            6 => (ulong)d.Length - 1,
            7 => old + 1,
            8 => old - 1,
            9 => old + (ulong)(rng.Next(1, 0x2000)),
            10 => old ^ (1UL << rng.Next(8 * f.Size)),
            _ => (ulong)rng.NextInt64() & max,
        };
        value &= max;
        Write(d, f, value);
        return $"{f.Name}=0x{value:x}";
    }

    private string SwapFields(byte[] d, Random rng)
    {
        var a = _fields[rng.Next(_fields.Count)];
        var sameSize = _fields.Where(f => f.Size == a.Size && f.Offset != a.Offset).ToList();
        if (sameSize.Count == 0 || a.Offset + a.Size > d.Length) return $"swap {a.Name} (no partner)";
        var b = sameSize[rng.Next(sameSize.Count)];
        if (b.Offset + b.Size > d.Length) return $"swap {a.Name} (partner past end)";
        ulong va = Read(d, a), vb = Read(d, b);
        Write(d, a, vb);
        Write(d, b, va);
        return $"swap {a.Name}<->{b.Name}";
    }

    /// <summary>Swaps two whole program headers or two whole section headers.</summary>
    private string SwapEntries(byte[] d, Random rng)
    {
        bool program = rng.Next(2) == 0;
        int off = (int)Word(program ? (_is64 ? 32 : 28) : (_is64 ? 40 : 32));
        int num = U16(program ? (_is64 ? 56 : 44) : (_is64 ? 60 : 48));
        int ent = program ? (_is64 ? 56 : 32) : (_is64 ? 64 : 40);
        if (num < 2) return "swap entries (too few)";
        int i = rng.Next(num), j = rng.Next(num);
        if (off + (Math.Max(i, j) + 1) * ent > d.Length) return "swap entries (past end)";
        var tmp = d.AsSpan(off + i * ent, ent).ToArray();
        d.AsSpan(off + j * ent, ent).CopyTo(d.AsSpan(off + i * ent, ent));
        tmp.CopyTo(d.AsSpan(off + j * ent, ent));
        return $"swap {(program ? "phdr" : "shdr")}[{i}]<->[{j}]";
    }

    private static ulong Read(byte[] d, Field f) => f.Size switch
    {
        1 => d[f.Offset],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(f.Offset)),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(f.Offset)),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(f.Offset)),
    };

    private static void Write(byte[] d, Field f, ulong v)
    {
        switch (f.Size)
        {
            case 1: d[f.Offset] = (byte)v; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(f.Offset), (ushort)v); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(f.Offset), (uint)v); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(d.AsSpan(f.Offset), v); break;
        }
    }
}
