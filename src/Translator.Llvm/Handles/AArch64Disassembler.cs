using System.Buffers.Binary;
using System.Text;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm;

/// <summary>Disassembles / counts AArch64 instructions with LLVM's MC disassembler. Instance methods are serialised.</summary>
public sealed class AArch64Disassembler : IDisposable
{
    private LLVMDisasmContextRef _dc;
    private readonly object _lock = new();

    public AArch64Disassembler(string cpu = "generic", string features = "")
    {
        AArch64Target.Initialize();
        _dc = LLVMCreateDisasmCPUFeatures(AArch64Target.Triple, cpu, features, 0, 0, 0, 0);
        if (_dc.IsNull)
            throw new LlvmException("LLVMCreateDisasm failed for " + AArch64Target.Triple);
    }

    /// <summary>Number of instruction words in <paramref name="code"/> (undecodable words count too, as 4 bytes each).</summary>
    public int CountInstructions(ReadOnlySpan<byte> code) => Disassemble(code, 0).Count;

    /// <summary>Decodes <paramref name="code"/>; undecodable 4-byte words are reported as ".inst 0x........".</summary>
    public unsafe List<(ulong Address, int Size, string Text)> Disassemble(ReadOnlySpan<byte> code, ulong address = 0)
    {
        var result = new List<(ulong, int, string)>();
        var text = stackalloc byte[256];
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_dc.IsNull, this);
            fixed (byte* p = code)
            {
                int off = 0;
                while (off < code.Length)
                {
                    var n = (int)LLVMDisasmInstruction(_dc, p + off, (ulong)(code.Length - off), address + (ulong)off, text, 256);
                    if (n == 0)
                    {
                        n = Math.Min(4, code.Length - off);
                        var word = n == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(code.Slice(off, 4)) : 0u;
                        result.Add((address + (ulong)off, n, $".inst 0x{word:x8}"));
                    }
                    else
                    {
                        var s = new ReadOnlySpan<byte>(text, 256);
                        var len = s.IndexOf((byte)0);
                        result.Add((address + (ulong)off, n, Encoding.UTF8.GetString(s[..(len < 0 ? 256 : len)]).Trim()));
                    }
                    off += n;
                }
            }
        }
        return result;
    }

    /// <summary>Counts instructions in all executable sections of an ELF64 little-endian relocatable/executable.</summary>
    public int CountInstructionsInObject(byte[] elf)
        => ElfSections.Executable(elf).Sum(s => CountInstructions(elf.AsSpan(s.Offset, s.Size)));

    public void Dispose()
    {
        lock (_lock)
        {
            if (_dc.IsNull)
                return;
            LLVMDisasmDispose(_dc);
            _dc = default;
        }
    }
}

/// <summary>Minimal ELF64-LE section table reader (enough to find code emitted by <see cref="LlvmTargetMachine"/>).</summary>
public static class ElfSections
{
    public readonly record struct Section(string Name, uint Type, ulong Flags, int Offset, int Size);

    public static List<Section> Read(byte[] elf)
    {
        var span = elf.AsSpan();
        if (span.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F' || span[4] != 2 || span[5] != 1)
            throw new InvalidDataException("not an ELF64 little-endian file");
        var shoff = (int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3a..]);
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3c..]);
        var shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3e..]);
        var raw = new List<(uint name, uint type, ulong flags, int off, int size)>();
        for (int i = 0; i < shnum; i++)
        {
            var h = span.Slice(shoff + i * shentsize, shentsize);
            raw.Add((BinaryPrimitives.ReadUInt32LittleEndian(h), BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(h[8..]), (int)BinaryPrimitives.ReadUInt64LittleEndian(h[0x18..]),
                (int)BinaryPrimitives.ReadUInt64LittleEndian(h[0x20..])));
        }
        var strtab = raw.Count > shstrndx ? raw[shstrndx] : default;
        var result = new List<Section>(raw.Count);
        foreach (var r in raw)
        {
            var s = span[(strtab.off + (int)r.name)..];
            result.Add(new Section(Encoding.UTF8.GetString(s[..s.IndexOf((byte)0)]), r.type, r.flags, r.off, r.size));
        }
        return result;
    }

    /// <summary>Sections with SHF_EXECINSTR that have file contents (SHT_PROGBITS).</summary>
    public static IEnumerable<Section> Executable(byte[] elf)
        => Read(elf).Where(s => (s.Flags & 0x4) != 0 && s.Type == 1);
}
