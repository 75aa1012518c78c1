using System.Buffers.Binary;
using Translator.Elf;

namespace Translator.Cfg;

/// <summary>Aligned pointer-sized values stored in the loaded, non-executable data of an image: where code
/// addresses held in data (function pointers, switch tables, vtables) are found.</summary>
public static class DataPointers
{
    public static List<ulong> Values(ElfFile elf, int pointerSize)
    {
        var values = new List<ulong>();
        foreach (var seg in elf.Segments)
        {
            if (!seg.IsLoad || seg.IsExecutable || seg.FileSize == 0) continue;
            var bytes = elf.GetFileBytes(seg.VirtualAddress, (int)Math.Min(seg.FileSize, int.MaxValue));
            int skip = (int)((ulong)(pointerSize - (int)(seg.VirtualAddress % (ulong)pointerSize)) % (ulong)pointerSize);
            for (int i = skip; i + pointerSize <= bytes.Length; i += pointerSize)
            {
                ulong v = pointerSize == 8
                    ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..])
                    : BinaryPrimitives.ReadUInt32LittleEndian(bytes[i..]);
                if (v != 0) values.Add(v);
            }
        }
        return values;
    }
}
