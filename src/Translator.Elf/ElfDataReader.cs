using System.Buffers.Binary;
using System.Text;

namespace Translator.Elf;

/// <summary>Bounds-checked little-endian reads over the raw file image; failures become <see cref="ElfFormatException"/>.</summary>
internal readonly struct ElfDataReader(byte[] data, string displayName, bool is64)
{
    public byte[] Data => data;
    public string DisplayName => displayName;
    public bool Is64 => is64;
    public int AddressSize => is64 ? 8 : 4;

    public ElfFormatException Error(string message) => new($"{displayName}: {message}");

    /// <summary>True if [offset, offset+length) lies inside the file (overflow-safe).</summary>
    public bool InFile(ulong offset, ulong length) =>
        offset <= (ulong)data.Length && length <= (ulong)data.Length - offset;

    public void Require(ulong offset, ulong length, string what)
    {
        if (!InFile(offset, length))
            throw Error($"{what} (offset 0x{offset:x}, size 0x{length:x}) extends beyond the end of the file (size 0x{data.Length:x})");
    }

    public byte U8(ulong offset, string what) { Require(offset, 1, what); return data[(int)offset]; }
    public ushort U16(ulong offset, string what) { Require(offset, 2, what); return BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan((int)offset)); }
    public uint U32(ulong offset, string what) { Require(offset, 4, what); return BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)offset)); }
    public ulong U64(ulong offset, string what) { Require(offset, 8, what); return BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan((int)offset)); }
    public ulong Word(ulong offset, string what) => is64 ? U64(offset, what) : U32(offset, what);

    public ReadOnlySpan<byte> Slice(ulong offset, ulong length, string what)
    {
        Require(offset, length, what);
        if (length > int.MaxValue) throw Error($"{what} at offset 0x{offset:x} is too large (0x{length:x} bytes)");
        return data.AsSpan((int)offset, (int)length);
    }

    /// <summary>Reads a NUL-terminated string at <paramref name="index"/> inside the table [tableOffset, tableOffset+tableSize).</summary>
    public string String(ulong tableOffset, ulong tableSize, ulong index, string what)
    {
        if (index >= tableSize)
            throw Error($"{what}: name offset 0x{index:x} is outside its string table (size 0x{tableSize:x})");
        var table = Slice(tableOffset, tableSize, $"{what}: string table");
        var rest = table[(int)index..];
        int nul = rest.IndexOf((byte)0);
        if (nul < 0)
            throw Error($"{what}: name at string-table offset 0x{index:x} is not NUL-terminated within its string table");
        return nul == 0 ? string.Empty : Encoding.UTF8.GetString(rest[..nul]);
    }
}
