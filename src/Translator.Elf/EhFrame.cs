using System.Buffers.Binary;
using static Translator.Elf.ElfNative;

namespace Translator.Elf;

/// <summary>
/// Minimal .eh_frame / .eh_frame_hdr decoder (LSB "Exception Frames"): walks CIEs and FDEs and returns each FDE's
/// pc_begin. Malformed data raises <see cref="ElfFormatException"/>.
/// </summary>
internal sealed class EhFrameParser
{
    private readonly byte[] _data;
    private readonly int _start, _length;
    private readonly ulong _address;
    private readonly int _addressSize;
    private readonly ulong _dataRelBase;
    private readonly Func<ulong, int, ulong?> _readPointer;
    private readonly string _where;
    private readonly Dictionary<int, byte> _cieEncodings = [];

    /// <param name="data">Backing array; the .eh_frame bytes are data[start .. start+length).</param>
    /// <param name="address">Virtual address of data[start].</param>
    public EhFrameParser(byte[] data, int start, int length, ulong address, int addressSize, ulong dataRelBase,
        Func<ulong, int, ulong?> readPointer, string where)
    {
        _data = data; _start = start; _length = length; _address = address; _addressSize = addressSize;
        _dataRelBase = dataRelBase; _readPointer = readPointer; _where = where;
    }

    private ElfFormatException Error(int offset, string message) =>
        new($"{_where}: {message} at .eh_frame offset 0x{offset:x} (address 0x{_address + (ulong)offset:x})");

    private ReadOnlySpan<byte> Span => _data.AsSpan(_start, _length);

    /// <summary>Returns pc_begin of every FDE, in order. Zero terminators are skipped (or end the walk when
    /// <paramref name="stopAtTerminator"/> is set, as when the size is only known from the segment end).</summary>
    public List<ulong> GetFunctionStarts(bool stopAtTerminator)
    {
        var result = new List<ulong>();
        int pos = 0;
        while (pos < _length)
        {
            if (_length - pos < 4)
            {
                if (stopAtTerminator) break;
                throw Error(pos, "truncated entry length");
            }
            int entryStart = pos;
            ulong length = BinaryPrimitives.ReadUInt32LittleEndian(Span[pos..]);
            pos += 4;
            if (length == 0)
            {
                if (stopAtTerminator) break;
                continue;
            }
            bool dwarf64 = false;
            if (length == 0xffffffff)
            {
                if (_length - pos < 8) throw Error(entryStart, "truncated 64-bit entry length");
                length = BinaryPrimitives.ReadUInt64LittleEndian(Span[pos..]);
                pos += 8;
                dwarf64 = true;
            }
            if (length > (ulong)(_length - pos))
                throw Error(entryStart, $"entry length 0x{length:x} runs past the end of the frame data (0x{_length:x} bytes)");
            int end = pos + (int)length;
            int idPos = pos;
            int idSize = dwarf64 ? 8 : 4;
            if (end - pos < idSize) throw Error(entryStart, "entry too short for its CIE id");
            ulong id = dwarf64 ? BinaryPrimitives.ReadUInt64LittleEndian(Span[pos..]) : BinaryPrimitives.ReadUInt32LittleEndian(Span[pos..]);
            pos += idSize;
            if (id != 0)
            {
                // FDE: id is the distance back from the id field to its CIE.
                if (id > (ulong)idPos) throw Error(entryStart, $"FDE CIE pointer 0x{id:x} points before the frame data");
                int ciePos = idPos - (int)id;
                byte enc = GetCieFdeEncoding(ciePos, entryStart);
                ulong pc = ReadEncoded(ref pos, end, enc, entryStart, "FDE pc_begin");
                result.Add(pc);
            }
            pos = end;
        }
        return result;
    }

    private byte GetCieFdeEncoding(int ciePos, int fdeOffset)
    {
        if (_cieEncodings.TryGetValue(ciePos, out byte cached)) return cached;
        byte enc = ParseCie(ciePos, fdeOffset);
        _cieEncodings[ciePos] = enc;
        return enc;
    }

    private byte ParseCie(int ciePos, int fdeOffset)
    {
        int pos = ciePos;
        if (_length - pos < 4) throw Error(fdeOffset, $"FDE references CIE at 0x{ciePos:x} outside the frame data");
        ulong length = BinaryPrimitives.ReadUInt32LittleEndian(Span[pos..]);
        pos += 4;
        bool dwarf64 = false;
        if (length == 0xffffffff)
        {
            if (_length - pos < 8) throw Error(ciePos, "truncated 64-bit CIE length");
            length = BinaryPrimitives.ReadUInt64LittleEndian(Span[pos..]);
            pos += 8;
            dwarf64 = true;
        }
        if (length == 0 || length > (ulong)(_length - pos))
            throw Error(ciePos, $"CIE (referenced by FDE at 0x{fdeOffset:x}) has invalid length 0x{length:x}");
        int end = pos + (int)length;
        int idSize = dwarf64 ? 8 : 4;
        if (end - pos < idSize) throw Error(ciePos, "CIE too short");
        ulong id = dwarf64 ? BinaryPrimitives.ReadUInt64LittleEndian(Span[pos..]) : BinaryPrimitives.ReadUInt32LittleEndian(Span[pos..]);
        if (id != 0) throw Error(ciePos, $"FDE at 0x{fdeOffset:x} references an entry that is not a CIE");
        pos += idSize;
        byte version = ReadU8(ref pos, end, ciePos, "CIE version");
        if (version != 1 && version != 3 && version != 4)
            throw Error(ciePos, $"unsupported CIE version {version}");
        int augStart = pos;
        while (true)
        {
            if (ReadU8(ref pos, end, ciePos, "CIE augmentation string") == 0) break;
        }
        string aug = System.Text.Encoding.ASCII.GetString(Span[augStart..(pos - 1)]);
        if (aug.Contains("eh")) pos += _addressSize; // obsolete GCC eh_data pointer
        if (version == 4) pos += 2;                  // address_size, segment_selector_size
        if (pos > end) throw Error(ciePos, "truncated CIE");
        ReadUleb(ref pos, end, ciePos, "CIE code alignment");
        ReadSleb(ref pos, end, ciePos, "CIE data alignment");
        if (version == 1) ReadU8(ref pos, end, ciePos, "CIE return register");
        else ReadUleb(ref pos, end, ciePos, "CIE return register");

        byte fdeEnc = DW_EH_PE_absptr;
        if (aug.Length == 0 || aug[0] != 'z') return fdeEnc; // no augmentation data we understand
        ulong augLen = ReadUleb(ref pos, end, ciePos, "CIE augmentation length");
        if (augLen > (ulong)(end - pos)) throw Error(ciePos, $"CIE augmentation length 0x{augLen:x} runs past the CIE");
        int augEnd = pos + (int)augLen;
        for (int i = 1; i < aug.Length; i++)
        {
            switch (aug[i])
            {
                case 'R': fdeEnc = ReadU8(ref pos, augEnd, ciePos, "CIE FDE pointer encoding"); break;
                case 'L': ReadU8(ref pos, augEnd, ciePos, "CIE LSDA encoding"); break;
                case 'P':
                    byte penc = ReadU8(ref pos, augEnd, ciePos, "CIE personality encoding");
                    ReadEncoded(ref pos, augEnd, (byte)(penc & ~DW_EH_PE_indirect), ciePos, "CIE personality pointer");
                    break;
                case 'S': case 'B': case 'G': break;
                default: i = aug.Length; break; // unknown: the rest is skipped via the augmentation length
            }
        }
        return fdeEnc;
    }

    private ulong ReadEncoded(ref int pos, int end, byte enc, int entry, string what)
    {
        if (enc == DW_EH_PE_omit) return 0;
        ulong fieldAddress = _address + (ulong)pos;
        if ((enc & 0x70) == DW_EH_PE_aligned)
        {
            int aligned = (pos + _addressSize - 1) / _addressSize * _addressSize;
            pos = aligned;
            fieldAddress = _address + (ulong)pos;
            enc = (byte)(enc & DW_EH_PE_indirect); // absptr
        }
        ulong value = ReadEncodedValue(ref pos, end, enc, _addressSize, Span, entry, what);
        switch (enc & 0x70)
        {
            case 0: break;
            case DW_EH_PE_pcrel: value += fieldAddress; break;
            case DW_EH_PE_datarel: value += _dataRelBase; break;
            case DW_EH_PE_textrel: case DW_EH_PE_funcrel: break; // bases unknown here; leave as offset
            default: throw Error(entry, $"{what}: unsupported pointer encoding 0x{enc:x2}");
        }
        if (_addressSize == 4) value &= 0xffffffff;
        if ((enc & DW_EH_PE_indirect) != 0)
            value = _readPointer(value, _addressSize) ?? throw Error(entry, $"{what}: indirect pointer 0x{value:x} is not mapped");
        return value;
    }

    /// <summary>Reads the raw (unapplied) value of an encoded pointer.</summary>
    internal ulong ReadEncodedValue(ref int pos, int end, byte enc, int addressSize, ReadOnlySpan<byte> span, int entry, string what)
    {
        int size = (enc & 0x0f) switch
        {
            DW_EH_PE_absptr => addressSize,
            DW_EH_PE_udata2 or DW_EH_PE_sdata2 => 2,
            DW_EH_PE_udata4 or DW_EH_PE_sdata4 => 4,
            DW_EH_PE_udata8 or DW_EH_PE_sdata8 => 8,
            DW_EH_PE_uleb128 or DW_EH_PE_sleb128 => 0,
            _ => throw Error(entry, $"{what}: unsupported pointer format 0x{enc:x2}"),
        };
        if (size == 0)
        {
            return (enc & 0x0f) == DW_EH_PE_uleb128
                ? ReadUleb(ref pos, end, entry, what)
                : (ulong)ReadSleb(ref pos, end, entry, what);
        }
        if (end - pos < size || pos < 0) throw Error(entry, $"truncated {what}");
        var s = span.Slice(pos, size);
        pos += size;
        return (enc & 0x0f) switch
        {
            DW_EH_PE_udata2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            DW_EH_PE_sdata2 => (ulong)(long)BinaryPrimitives.ReadInt16LittleEndian(s),
            DW_EH_PE_udata4 => BinaryPrimitives.ReadUInt32LittleEndian(s),
            DW_EH_PE_sdata4 => (ulong)(long)BinaryPrimitives.ReadInt32LittleEndian(s),
            DW_EH_PE_udata8 or DW_EH_PE_sdata8 => BinaryPrimitives.ReadUInt64LittleEndian(s),
            _ => size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s),
        };
    }

    private byte ReadU8(ref int pos, int end, int entry, string what)
    {
        if (pos >= end || pos < 0) throw Error(entry, $"truncated {what}");
        return _data[_start + pos++];
    }

    private ulong ReadUleb(ref int pos, int end, int entry, string what)
    {
        ulong result = 0;
        int shift = 0;
        while (true)
        {
            byte b = ReadU8(ref pos, end, entry, what);
            if (shift < 64) result |= (ulong)(b & 0x7f) << shift;
            shift += 7;
            if ((b & 0x80) == 0) return result;
        }
    }

    private long ReadSleb(ref int pos, int end, int entry, string what)
    {
        long result = 0;
        int shift = 0;
        byte b;
        do
        {
            b = ReadU8(ref pos, end, entry, what);
            if (shift < 64) result |= (long)(b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
        return result;
    }

    /// <summary>Decodes .eh_frame_hdr and returns the absolute address of .eh_frame (eh_frame_ptr).</summary>
    internal static ulong ReadEhFrameHdrPointer(ReadOnlySpan<byte> hdr, ulong hdrAddress, int addressSize, string where)
    {
        if (hdr.Length < 4)
            throw new ElfFormatException($"{where}: .eh_frame_hdr at 0x{hdrAddress:x} is truncated ({hdr.Length} bytes)");
        if (hdr[0] != 1)
            throw new ElfFormatException($"{where}: .eh_frame_hdr at 0x{hdrAddress:x} has unsupported version {hdr[0]}");
        byte enc = hdr[1];
        var tmp = new EhFrameParser(hdr.ToArray(), 0, hdr.Length, hdrAddress, addressSize, hdrAddress,
            (_, _) => null, where + ": .eh_frame_hdr");
        int pos = 4;
        ulong fieldAddress = hdrAddress + 4;
        ulong value = tmp.ReadEncodedValue(ref pos, hdr.Length, enc, addressSize, hdr, 0, "eh_frame_ptr");
        switch (enc & 0x70)
        {
            case 0: break;
            case DW_EH_PE_pcrel: value += fieldAddress; break;
            case DW_EH_PE_datarel: value += hdrAddress; break;
            default:
                throw new ElfFormatException($"{where}: .eh_frame_hdr at 0x{hdrAddress:x} uses unsupported eh_frame_ptr encoding 0x{enc:x2}");
        }
        return addressSize == 4 ? value & 0xffffffff : value;
    }
}
