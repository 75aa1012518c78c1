using System.Buffers.Binary;
using Xunit;
using static Translator.Elf.ElfNative;

namespace Translator.Elf.Tests;

/// <summary>Hand-built .eh_frame contents covering CIE augmentations and pointer encodings.</summary>
public class EhFrameSyntheticTests
{
    private sealed class Builder
    {
        public readonly List<byte> Bytes = [];
        public int Pos => Bytes.Count;
        public void U8(int v) => Bytes.Add((byte)v);
        public void U16(int v) { U8(v); U8(v >> 8); }
        public void U32(uint v) { for (int i = 0; i < 4; i++) U8((int)(v >> (8 * i))); }
        public void U64(ulong v) { for (int i = 0; i < 8; i++) U8((int)(v >> (8 * i))); }
        public void Uleb(ulong v) { do { byte b = (byte)(v & 0x7f); v >>= 7; U8(v != 0 ? b | 0x80 : b); } while (v != 0); }
        public void Sleb(long v)
        {
            while (true)
            {
                byte b = (byte)(v & 0x7f); v >>= 7;
                bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
                U8(done ? b : b | 0x80);
                if (done) return;
            }
        }
        public void PatchU32(int at, uint v) { for (int i = 0; i < 4; i++) Bytes[at + i] = (byte)(v >> (8 * i)); }
        public void PatchU64(int at, ulong v) { for (int i = 0; i < 8; i++) Bytes[at + i] = (byte)(v >> (8 * i)); }

        public void Encoded(byte enc, ulong value)
        {
            ulong field = (ulong)Pos; // section address is 0 in a relocatable object
            ulong stored = (enc & 0x70) == DW_EH_PE_pcrel ? value - field : value;
            switch (enc & 0x0f)
            {
                case DW_EH_PE_absptr: case DW_EH_PE_udata8: case DW_EH_PE_sdata8: U64(stored); break;
                case DW_EH_PE_udata4: case DW_EH_PE_sdata4: U32((uint)stored); break;
                case DW_EH_PE_udata2: case DW_EH_PE_sdata2: U16((int)stored); break;
                case DW_EH_PE_uleb128: Uleb(stored); break;
                case DW_EH_PE_sleb128: Sleb((long)stored); break;
            }
        }

        /// <summary>Writes a CIE and returns its offset.</summary>
        public int Cie(string aug, byte fdeEnc, bool dwarf64 = false)
        {
            int start = Pos;
            int lenAt;
            if (dwarf64) { U32(0xffffffff); lenAt = Pos; U64(0); U64(0); } else { lenAt = Pos; U32(0); U32(0); }
            int bodyStart = dwarf64 ? lenAt + 8 : lenAt + 4;
            U8(1);
            foreach (char c in aug) U8(c);
            U8(0);
            Uleb(1); Sleb(-8); U8(16);
            if (aug.StartsWith('z'))
            {
                var data = new Builder();
                foreach (char c in aug[1..])
                {
                    if (c == 'R') data.U8(fdeEnc);
                    if (c == 'L') data.U8(0x1b);
                    if (c == 'P') { data.U8(DW_EH_PE_absptr); data.U64(0x1234_5678); }
                }
                Uleb((ulong)data.Bytes.Count);
                Bytes.AddRange(data.Bytes);
            }
            U8(0x0c); U8(7); U8(8); // DW_CFA_def_cfa rsp+8
            while ((Pos - start) % 4 != 0) U8(0);
            if (dwarf64) PatchU64(lenAt, (ulong)(Pos - bodyStart)); else PatchU32(lenAt, (uint)(Pos - bodyStart));
            return start;
        }

        public void Fde(int cie, byte enc, ulong pcBegin, bool hasAug, bool dwarf64 = false)
        {
            int lenAt;
            if (dwarf64) { U32(0xffffffff); lenAt = Pos; U64(0); } else { lenAt = Pos; U32(0); }
            int bodyStart = Pos;
            if (dwarf64) U64((ulong)(Pos - cie)); else U32((uint)(Pos - cie));
            Encoded(enc, pcBegin);
            Encoded((byte)(enc & 0x0f), 0x40); // pc_range
            if (hasAug) Uleb(0);
            while ((Pos - bodyStart) % 4 != 0) U8(0);
            if (dwarf64) PatchU64(lenAt, (ulong)(Pos - bodyStart)); else PatchU32(lenAt, (uint)(Pos - bodyStart));
        }
    }

    private static ElfFile Build(Builder b)
    {
        var w = new ElfObjectWriter(EM_X86_64);
        w.AddSection(".eh_frame", SHT_PROGBITS, SHF_ALLOC, b.Bytes.ToArray(), 8);
        var ms = new MemoryStream();
        w.Write(ms);
        return ElfFile.Parse(ms.ToArray(), "synthetic.o");
    }

    [Fact]
    public void AllPointerEncodings_AreDecoded()
    {
        var b = new Builder();
        var expected = new List<ulong>();
        byte[] encodings =
        [
            DW_EH_PE_absptr, DW_EH_PE_udata2, DW_EH_PE_udata4, DW_EH_PE_udata8, DW_EH_PE_sdata2, DW_EH_PE_sdata4,
            DW_EH_PE_sdata8, DW_EH_PE_uleb128, DW_EH_PE_sleb128,
            DW_EH_PE_pcrel | DW_EH_PE_sdata4, DW_EH_PE_pcrel | DW_EH_PE_sdata8, DW_EH_PE_pcrel | DW_EH_PE_sleb128,
            DW_EH_PE_pcrel | DW_EH_PE_udata4, DW_EH_PE_datarel | DW_EH_PE_sdata4,
        ];
        ulong pc = 0x1000;
        foreach (byte enc in encodings)
        {
            int cie = b.Cie("zR", enc);
            b.Fde(cie, enc, pc, hasAug: true);
            expected.Add(pc);
            b.Fde(cie, enc, pc + 0x10, hasAug: true);
            expected.Add(pc + 0x10);
            pc += 0x100;
        }
        // Personality + LSDA augmentation, then a 64-bit-length CIE/FDE pair, an old-style CIE and a zero terminator.
        int zplr = b.Cie("zPLR", DW_EH_PE_pcrel | DW_EH_PE_sdata4);
        b.Fde(zplr, DW_EH_PE_pcrel | DW_EH_PE_sdata4, 0x7000, hasAug: true); expected.Add(0x7000);
        int zpr = b.Cie("zPR", DW_EH_PE_udata4);
        b.Fde(zpr, DW_EH_PE_udata4, 0x7100, hasAug: true); expected.Add(0x7100);
        b.U32(0); // zero terminator in the middle is skipped
        int cie64 = b.Cie("zR", DW_EH_PE_pcrel | DW_EH_PE_sdata4, dwarf64: true);
        b.Fde(cie64, DW_EH_PE_pcrel | DW_EH_PE_sdata4, 0x8000, hasAug: true, dwarf64: true); expected.Add(0x8000);
        int plain = b.Cie("", DW_EH_PE_absptr);
        b.Fde(plain, DW_EH_PE_absptr, 0x9000, hasAug: false); expected.Add(0x9000);
        b.U32(0);

        Assert.Equal(expected, Build(b).GetEhFrameFunctionStarts());
    }

    [Fact]
    public void MalformedEhFrame_IsElfFormatException()
    {
        var good = new Builder();
        int cie = good.Cie("zR", DW_EH_PE_pcrel | DW_EH_PE_sdata4);
        good.Fde(cie, DW_EH_PE_pcrel | DW_EH_PE_sdata4, 0x500, hasAug: true);
        Assert.Equal([0x500UL], Build(good).GetEhFrameFunctionStarts());

        var bad = new Builder();
        bad.Bytes.AddRange(good.Bytes);
        bad.PatchU32(0, 0x7fff_0000); // CIE length past the end
        var e = Assert.Throws<ElfFormatException>(() => Build(bad).GetEhFrameFunctionStarts());
        Assert.Contains(".eh_frame", e.Message);

        bad = new Builder();
        bad.Bytes.AddRange(good.Bytes);
        int fdeAt = BinaryPrimitives.ReadInt32LittleEndian(good.Bytes.ToArray()) + 4;
        bad.PatchU32(fdeAt + 4, 0x10000); // CIE pointer before the section
        Assert.Throws<ElfFormatException>(() => Build(bad).GetEhFrameFunctionStarts());

        bad = new Builder();
        bad.Bytes.AddRange(good.Bytes);
        bad.Bytes[8] = 9; // CIE version
        Assert.Throws<ElfFormatException>(() => Build(bad).GetEhFrameFunctionStarts());
    }
}
