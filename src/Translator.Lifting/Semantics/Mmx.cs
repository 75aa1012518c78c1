using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>MMX-only instructions and the conversions between MMX and XMM registers. The MMX forms of the packed
/// integer instructions share their handlers with SSE (SseInteger, SseShuffle, SseMove), which pick 64-bit
/// vectors through <see cref="Emitter.PackedInt"/>; MMX registers alias the x87 significands (Emitter.Vector.cs).</summary>
public static class Mmx
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Emms, e => e.StorePtr(e.Const(64, 0x0101010101010101UL), e.StateField(GuestStateLayout.FpuTags), 1));
        t.Add(Mnemonic.Movq2dq, e => e.Write(0, e.ZExt(e.ReadPackedBits(1, 64), 128)));
        t.Add(Mnemonic.Movdq2q, e => e.WritePacked(0, e.Read(1, 64)));
        t.Add(Mnemonic.Movntq, e => e.Write(0, e.ReadPackedBits(1, 64)));
        t.Add(Mnemonic.Maskmovq, Maskmovq);
        t.Add(Mnemonic.Cvtpi2ps, Cvtpi2ps);
        t.Add(Mnemonic.Cvtpi2pd, e =>
            e.WriteVec(0, e.SIToFP(e.BitCast(e.ReadPackedBits(1, 64), e.IntVec(32, 2).Type), e.FloatShape(64, true).Type)));
        t.Add(Mnemonic.Cvtps2pi, e => FloatToMm(e, 32, truncate: false));
        t.Add(Mnemonic.Cvttps2pi, e => FloatToMm(e, 32, truncate: true));
        t.Add(Mnemonic.Cvtpd2pi, e => FloatToMm(e, 64, truncate: false));
        t.Add(Mnemonic.Cvttpd2pi, e => FloatToMm(e, 64, truncate: true));
    }

    /// <summary>cvtpi2ps: two int32 → two floats in the low half of the XMM destination (upper half kept).</summary>
    private static void Cvtpi2ps(Emitter e)
    {
        var ints = e.BitCast(e.ReadPackedBits(1, 64), e.IntVec(32, 2).Type);
        var floats = e.SIToFP(ints, e.FloatShape(32, 2).Type);
        e.WriteLow(0, e.BitCast(floats, e.T.I64));
    }

    /// <summary>cvt(t)ps2pi (low two floats of xmm/m64) and cvt(t)pd2pi (two doubles of xmm/m128) → two int32.</summary>
    private static void FloatToMm(Emitter e, int floatBits, bool truncate)
    {
        var s = e.FloatShape(floatBits, 2);
        var x = e.BitCast(e.Read(1, 2 * floatBits), s.Type);
        var r = SseConvert.ToInt(e, s, x, 32, e.IntVec(32, 2).Type, truncate);
        e.WritePacked(0, r);
    }

    /// <summary>maskmovq: stores the bytes of op0 whose mask byte (op1) has its top bit set, at DS:rDI.</summary>
    private static void Maskmovq(Emitter e)
    {
        // Iced lists the implicit [rDI] destination first when present: data and mask are the last two operands.
        var s = e.IntVec(8, 8);
        int n = e.Insn.OpCount;
        var data = e.ReadPacked(n - 2, s);
        var mask = e.ICmp(LLVMIntPredicate.LLVMIntSLT, e.ReadPacked(n - 1, s), e.ZeroOf(s.Type));
        var offset = e.Is64 ? e.GetGpr64(7) : e.GetGpr(Register.EDI);
        var ptr = e.IntToPtr(e.WithSegment(offset, e.Insn.MemorySegment));
        e.Intrinsic("llvm.masked.store", new[] { s.Type, e.T.Ptr }, data, ptr, e.Const(32, 1), mask);
    }
}
