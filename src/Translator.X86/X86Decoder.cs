using Iced.Intel;
using Translator.Elf;

namespace Translator.X86;

/// <summary>
/// Decodes guest instructions from the file bytes of the executable PT_LOAD segments of an ELF file.
/// This is the only place in the project that creates an Iced <see cref="Decoder"/>.
/// Not thread-safe: use one instance per thread.
/// </summary>
public sealed class X86Decoder
{
    private sealed class Region
    {
        public required ulong Start;
        public required ulong End; // exclusive
        public required ByteArrayCodeReader Reader;
        public required Decoder Decoder;
    }

    private readonly Region[] _regions;
    private Region? _last;

    public GuestMode Mode { get; }

    public X86Decoder(ElfFile elf, GuestMode mode)
    {
        Mode = mode;
        var regions = new List<Region>();
        byte[] data = elf.Data;
        foreach (var seg in elf.Segments)
        {
            if (!seg.IsLoad || !seg.IsExecutable || seg.FileSize == 0)
                continue;
            if (seg.Offset >= (ulong)data.Length)
                continue;
            ulong size = Math.Min(seg.FileSize, (ulong)data.Length - seg.Offset);
            if (size > int.MaxValue)
                size = int.MaxValue;
            var reader = new ByteArrayCodeReader(data, (int)seg.Offset, (int)size);
            var decoder = Decoder.Create(mode.Bitness(), reader, seg.VirtualAddress, DecoderOptions.None);
            regions.Add(new Region { Start = seg.VirtualAddress, End = seg.VirtualAddress + size, Reader = reader, Decoder = decoder });
        }
        regions.Sort((a, b) => a.Start.CompareTo(b.Start));
        _regions = regions.ToArray();
    }

    /// <summary>Executable address ranges [Start, End) whose bytes are available for decoding.</summary>
    public IEnumerable<(ulong Start, ulong End)> ExecutableRanges => _regions.Select(r => (r.Start, r.End));

    /// <summary>True when <paramref name="address"/> lies in the file bytes of an executable segment.</summary>
    public bool IsExecutable(ulong address) => Find(address) is not null;

    private Region? Find(ulong address)
    {
        var last = _last;
        if (last is not null && address >= last.Start && address < last.End)
            return last;
        foreach (var r in _regions)
        {
            if (address >= r.Start && address < r.End)
            {
                _last = r;
                return r;
            }
        }
        return null;
    }

    /// <summary>
    /// Decodes one instruction at <paramref name="address"/>. Fails when the address is not in executable
    /// file bytes, the bytes are not a valid instruction, or the instruction runs past the end of the segment.
    /// </summary>
    public bool TryDecode(ulong address, out Instruction instruction)
    {
        var r = Find(address);
        if (r is null)
        {
            instruction = default;
            return false;
        }
        r.Reader.Position = (int)(address - r.Start);
        r.Decoder.IP = address;
        r.Decoder.Decode(out instruction);
        if (instruction.Code == Code.INVALID || r.Decoder.LastError != DecoderError.None)
        {
            instruction = default;
            return false;
        }
        return true;
    }

    /// <summary>Up to <paramref name="max"/> code bytes at <paramref name="address"/> as lower-case hex pairs
    /// ("0f 0b"), for error messages; "none" outside executable file bytes.</summary>
    public string DescribeBytes(ulong address, int max = 15)
    {
        var r = Find(address);
        if (r is null) return "none";
        r.Reader.Position = (int)(address - r.Start);
        int n = (int)Math.Min((ulong)max, r.End - address);
        var hex = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++)
        {
            if (i > 0) hex.Append(' ');
            hex.Append(r.Reader.ReadByte().ToString("x2"));
        }
        return hex.ToString();
    }

    /// <summary>
    /// Checks that <paramref name="elf"/> is an x86 executable this translator supports and returns its mode.
    /// Throws <see cref="UnsupportedBinaryException"/> (one-line message) otherwise.
    /// </summary>
    public static GuestMode ModeOf(ElfFile elf)
    {
        GuestMode mode = elf.Machine switch
        {
            ElfNative.EM_386 => GuestMode.I386,
            ElfNative.EM_X86_64 => GuestMode.X64,
            183 => throw Unsupported(elf, "AArch64"),
            243 => throw Unsupported(elf, "RISC-V"),
            40 => throw Unsupported(elf, "ARM"),
            _ => throw Unsupported(elf, $"machine {elf.Machine}"),
        };
        var expectedClass = mode == GuestMode.X64 ? ElfClass.Elf64 : ElfClass.Elf32;
        if (elf.Class != expectedClass)
            throw new UnsupportedBinaryException(
                $"{elf.DisplayName}: {(mode == GuestMode.X64 ? "x86-64" : "i386")} machine in a {(elf.Class == ElfClass.Elf64 ? "64" : "32")}-bit ELF file is not supported");
        if (elf.Type != 2 /* ET_EXEC */ && elf.Type != 3 /* ET_DYN */)
        {
            string what = elf.Type switch { 0 => "ET_NONE", 1 => "a relocatable object file (ET_REL)", 4 => "a core file (ET_CORE)", _ => $"ELF type {elf.Type}" };
            throw new UnsupportedBinaryException($"{elf.DisplayName}: not an executable ({what})");
        }
        if (elf.IsDynamicallyLinked)
            throw new UnsupportedBinaryException(
                $"{elf.DisplayName}: dynamically linked executables are not supported yet; link with -static");
        return mode;
    }

    private static UnsupportedBinaryException Unsupported(ElfFile elf, string machine)
        => new($"{elf.DisplayName}: not an x86 executable ({machine})");
}
