using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>SSE lane rearrangement: shuffles, unpacks, packs, byte shifts, blends, duplicates.</summary>
public static class SseShuffle
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Pshufd, Pshufd);
        t.Add(Mnemonic.Pshuflw, e => PshufWords(e, high: false));
        t.Add(Mnemonic.Pshufhw, e => PshufWords(e, high: true));
        t.Add(Mnemonic.Pshufw, Pshufw);
        t.Add(Mnemonic.Shufps, Shufps);
        t.Add(Mnemonic.Shufpd, Shufpd);
        t.Add(Mnemonic.Punpcklbw, e => Unpack(e, 8, high: false));
        t.Add(Mnemonic.Punpcklwd, e => Unpack(e, 16, high: false));
        t.Add(Mnemonic.Punpckldq, e => Unpack(e, 32, high: false));
        t.Add(Mnemonic.Punpcklqdq, e => Unpack(e, 64, high: false));
        t.Add(Mnemonic.Punpckhbw, e => Unpack(e, 8, high: true));
        t.Add(Mnemonic.Punpckhwd, e => Unpack(e, 16, high: true));
        t.Add(Mnemonic.Punpckhdq, e => Unpack(e, 32, high: true));
        t.Add(Mnemonic.Punpckhqdq, e => Unpack(e, 64, high: true));
        t.Add(Mnemonic.Unpcklps, e => Unpack(e, 32, high: false));
        t.Add(Mnemonic.Unpckhps, e => Unpack(e, 32, high: true));
        t.Add(Mnemonic.Unpcklpd, e => Unpack(e, 64, high: false));
        t.Add(Mnemonic.Unpckhpd, e => Unpack(e, 64, high: true));
        t.Add(Mnemonic.Packsswb, e => Pack(e, 16, signedResult: true));
        t.Add(Mnemonic.Packuswb, e => Pack(e, 16, signedResult: false));
        t.Add(Mnemonic.Packssdw, e => Pack(e, 32, signedResult: true));
        t.Add(Mnemonic.Packusdw, e => Pack(e, 32, signedResult: false));
        t.Add(Mnemonic.Pslldq, e => ByteShift(e, left: true));
        t.Add(Mnemonic.Psrldq, e => ByteShift(e, left: false));
        t.Add(Mnemonic.Palignr, Palignr);
        t.Add(Mnemonic.Pshufb, Pshufb);
        t.Add(Mnemonic.Blendps, e => BlendImm(e, 32));
        t.Add(Mnemonic.Blendpd, e => BlendImm(e, 64));
        t.Add(Mnemonic.Pblendw, e => BlendImm(e, 16));
        t.Add(Mnemonic.Blendvps, e => BlendVar(e, 32));
        t.Add(Mnemonic.Blendvpd, e => BlendVar(e, 64));
        t.Add(Mnemonic.Pblendvb, e => BlendVar(e, 8));
        t.Add(Mnemonic.Movddup, Movddup);
        t.Add(Mnemonic.Movshdup, e => Dup32(e, 1));
        t.Add(Mnemonic.Movsldup, e => Dup32(e, 0));
    }

    private static int Imm(Emitter e) => (int)e.Insn.GetImmediate(e.Insn.OpCount - 1);

    private static void Pshufd(Emitter e)
    {
        var s = e.IntVec(32);
        int imm = Imm(e);
        var v = e.ReadVec(1, s);
        var mask = new int[4];
        for (int i = 0; i < 4; i++) mask[i] = (imm >> (2 * i)) & 3;
        e.WriteVec(0, e.Shuffle(v, v, mask));
    }

    private static void PshufWords(Emitter e, bool high)
    {
        Sse.RejectMmx(e);
        var s = e.IntVec(16);
        int imm = Imm(e);
        var v = e.ReadVec(1, s);
        var mask = new int[8];
        int b = high ? 4 : 0;
        for (int i = 0; i < 8; i++) mask[i] = i;
        for (int i = 0; i < 4; i++) mask[b + i] = b + ((imm >> (2 * i)) & 3);
        e.WriteVec(0, e.Shuffle(v, v, mask));
    }

    /// <summary>pshufw (MMX): each result word is the source word selected by two immediate bits.</summary>
    private static void Pshufw(Emitter e)
    {
        var s = e.IntVec(16, 4);
        int imm = Imm(e);
        var v = e.ReadPacked(1, s);
        var mask = new int[4];
        for (int i = 0; i < 4; i++) mask[i] = (imm >> (2 * i)) & 3;
        e.WritePacked(0, e.Shuffle(v, v, mask));
    }

    private static void Shufps(Emitter e)
    {
        var s = e.IntVec(32);
        int imm = Imm(e);
        var mask = new[] { imm & 3, (imm >> 2) & 3, 4 + ((imm >> 4) & 3), 4 + ((imm >> 6) & 3) };
        e.WriteVec(0, e.Shuffle(e.ReadVec(0, s), e.ReadVec(1, s), mask));
    }

    private static void Shufpd(Emitter e)
    {
        var s = e.IntVec(64);
        int imm = Imm(e);
        var mask = new[] { imm & 1, 2 + ((imm >> 1) & 1) };
        e.WriteVec(0, e.Shuffle(e.ReadVec(0, s), e.ReadVec(1, s), mask));
    }

    /// <summary>punpck*, unpck*: interleaves the low (or high) halves of destination and source.</summary>
    private static void Unpack(Emitter e, int elemBits, bool high)
    {
        var s = e.PackedInt(elemBits);
        int n = s.Lanes;
        int b = high ? n / 2 : 0;
        var mask = new int[n];
        for (int i = 0; i < n / 2; i++)
        {
            mask[2 * i] = b + i;
            mask[2 * i + 1] = n + b + i;
        }
        e.WritePacked(0, e.Shuffle(e.ReadPacked(0, s), e.ReadPacked(1, s), mask));
    }

    /// <summary>packsswb/packuswb/packssdw/packusdw: narrows dst then src lanes with saturation
    /// (signed input; signed or unsigned result range).</summary>
    private static void Pack(Emitter e, int fromBits, bool signedResult)
    {
        var s = e.PackedInt(fromBits);
        var wide = e.IntVec(fromBits, s.Lanes * 2);
        var order = new int[wide.Lanes];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var all = e.Shuffle(e.ReadPacked(0, s), e.ReadPacked(1, s), order);
        int to = fromBits / 2;
        ulong lo = signedResult ? ~0UL << (to - 1) : 0;
        ulong hi = signedResult ? (1UL << (to - 1)) - 1 : (1UL << to) - 1;
        var clamped = e.Intrinsic("llvm.smax", new[] { wide.Type }, all, e.SplatInt(wide, lo));
        clamped = e.Intrinsic("llvm.smin", new[] { wide.Type }, clamped, e.SplatInt(wide, hi));
        e.WritePacked(0, e.VTrunc(clamped, e.IntVec(to, wide.Lanes).Type));
    }

    /// <summary>pslldq/psrldq: shifts the whole register by imm bytes (≥ 16 clears it).</summary>
    private static void ByteShift(Emitter e, bool left)
    {
        int imm = Imm(e);
        if (imm > 15)
        {
            e.Write(0, e.Const(128, 0));
            return;
        }
        var v = e.Read(0, 128);
        e.Write(0, left ? e.Shl(v, imm * 8) : e.LShr(v, imm * 8));
    }

    /// <summary>palignr: (dst:src) >> imm bytes, low 16 bytes.</summary>
    private static void Palignr(Emitter e)
    {
        int imm = Imm(e);
        int bits = e.PackedBits;
        if (imm >= bits / 4)
        {
            e.WritePacked(0, e.Const(bits, 0));
            return;
        }
        var cat = e.Or(e.Shl(e.ZExt(e.ReadPackedBits(0, bits), 2 * bits), bits), e.ZExt(e.ReadPackedBits(1, bits), 2 * bits));
        e.WritePacked(0, e.Trunc(e.LShr(cat, imm * 8), bits));
    }

    /// <summary>pshufb: each result byte is dst[ctl &amp; 15], or 0 when ctl's top bit is set.</summary>
    private static void Pshufb(Emitter e)
    {
        if (e.IsMmxForm)
        {
            PshufbMmx(e);
            return;
        }
        var s = e.IntVec(8);
        var table = e.ReadVec(0, s);
        var ctl = e.ReadVec(1, s);
        const string tbl = "llvm.aarch64.neon.tbl1";
        if (Emitter.HasIntrinsic(tbl))
        {
            // tbl yields 0 for indices ≥ 16: keep bit 7 so negative controls select zero.
            var index = e.And(ctl, e.SplatInt(s, 0x8f));
            e.WriteVec(0, e.Intrinsic(tbl, new[] { s.Type }, table, index));
            return;
        }
        var result = e.ZeroOf(s.Type);
        for (int i = 0; i < 16; i++)
        {
            var c = e.ExtractElement(ctl, i);
            var picked = LLVMBuildExtractElement(e.B, table, e.And(c, e.Const(8, 15)), "");
            result = e.InsertElement(result, e.Select(e.IsNegative(c), e.Const(8, 0), picked), i);
        }
        e.WriteVec(0, result);
    }

    /// <summary>pshufb on MMX: result byte i is dst[ctl &amp; 7], or 0 when ctl's top bit is set.</summary>
    private static void PshufbMmx(Emitter e)
    {
        var s = e.PackedInt(8);
        var table = e.ReadPacked(0, s);
        var ctl = e.ReadPacked(1, s);
        var result = e.ZeroOf(s.Type);
        for (int i = 0; i < 8; i++)
        {
            var c = e.ExtractElement(ctl, i);
            var picked = LLVMBuildExtractElement(e.B, table, e.And(c, e.Const(8, 7)), "");
            result = e.InsertElement(result, e.Select(e.IsNegative(c), e.Const(8, 0), picked), i);
        }
        e.WritePacked(0, result);
    }

    /// <summary>blendps/blendpd/pblendw: immediate bit i selects source lane i.</summary>
    private static void BlendImm(Emitter e, int elemBits)
    {
        var s = e.IntVec(elemBits);
        int imm = Imm(e);
        var mask = new int[s.Lanes];
        for (int i = 0; i < s.Lanes; i++) mask[i] = ((imm >> i) & 1) != 0 ? s.Lanes + i : i;
        e.WriteVec(0, e.Shuffle(e.ReadVec(0, s), e.ReadVec(1, s), mask));
    }

    /// <summary>blendvps/blendvpd/pblendvb: the sign bit of each XMM0 lane selects the source lane.</summary>
    private static void BlendVar(Emitter e, int elemBits)
    {
        var s = e.IntVec(elemBits);
        var sel = e.BitCast(e.GetXmm(0), s.Type);
        var take = e.ICmp(LLVMIntPredicate.LLVMIntSLT, sel, e.ZeroOf(s.Type));
        e.WriteVec(0, e.Select(take, e.ReadVec(1, s), e.ReadVec(0, s)));
    }

    private static void Movddup(Emitter e)
    {
        var low = e.Read(1, 64);
        e.WriteVec(0, e.Splat(low, 2));
    }

    /// <summary>movshdup (odd lanes, first = 1) / movsldup (even lanes, first = 0).</summary>
    private static void Dup32(Emitter e, int first)
    {
        var s = e.IntVec(32);
        var v = e.ReadVec(1, s);
        e.WriteVec(0, e.Shuffle(v, v, new[] { first, first, first + 2, first + 2 }));
    }
}
