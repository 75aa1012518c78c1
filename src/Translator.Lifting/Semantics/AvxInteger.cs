using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>AVX2 integer and data-movement forms without an SSE twin: whole-register permutes (vpermq/pd,
/// vpermd/ps), widening moves into a ymm register, vpblendd, per-element variable shifts, masked loads and
/// stores, gathers, and vmpsadbw (whose immediate has separate fields for the two halves).</summary>
public static class AvxInteger
{
    public static void AddTo(AvxForms f)
    {
        f.Add(PermuteQwords, Code.VEX_Vpermq_ymm_ymmm256_imm8, Code.VEX_Vpermpd_ymm_ymmm256_imm8);
        f.Add(PermuteDwords, Code.VEX_Vpermd_ymm_ymm_ymmm256, Code.VEX_Vpermps_ymm_ymm_ymmm256);
        f.Add(BlendDwords, Code.VEX_Vpblendd_xmm_xmm_xmmm128_imm8, Code.VEX_Vpblendd_ymm_ymm_ymmm256_imm8);
        f.Add(e => MultipleSad(e), Code.VEX_Vmpsadbw_xmm_xmm_xmmm128_imm8, Code.VEX_Vmpsadbw_ymm_ymm_ymmm256_imm8);
        f.Add(e => MinimumWordAndIndex(e), Code.VEX_Vphminposuw_xmm_xmmm128);

        f.Add(e => Widen(e, 8, 16, false), Code.VEX_Vpmovzxbw_ymm_xmmm128);
        f.Add(e => Widen(e, 8, 32, false), Code.VEX_Vpmovzxbd_ymm_xmmm64);
        f.Add(e => Widen(e, 8, 64, false), Code.VEX_Vpmovzxbq_ymm_xmmm32);
        f.Add(e => Widen(e, 16, 32, false), Code.VEX_Vpmovzxwd_ymm_xmmm128);
        f.Add(e => Widen(e, 16, 64, false), Code.VEX_Vpmovzxwq_ymm_xmmm64);
        f.Add(e => Widen(e, 32, 64, false), Code.VEX_Vpmovzxdq_ymm_xmmm128);
        f.Add(e => Widen(e, 8, 16, true), Code.VEX_Vpmovsxbw_ymm_xmmm128);
        f.Add(e => Widen(e, 8, 32, true), Code.VEX_Vpmovsxbd_ymm_xmmm64);
        f.Add(e => Widen(e, 8, 64, true), Code.VEX_Vpmovsxbq_ymm_xmmm32);
        f.Add(e => Widen(e, 16, 32, true), Code.VEX_Vpmovsxwd_ymm_xmmm128);
        f.Add(e => Widen(e, 16, 64, true), Code.VEX_Vpmovsxwq_ymm_xmmm64);
        f.Add(e => Widen(e, 32, 64, true), Code.VEX_Vpmovsxdq_ymm_xmmm128);

        f.Add(e => ShiftVariable(e, 32, LLVMOpcode.LLVMShl), Code.VEX_Vpsllvd_xmm_xmm_xmmm128, Code.VEX_Vpsllvd_ymm_ymm_ymmm256);
        f.Add(e => ShiftVariable(e, 64, LLVMOpcode.LLVMShl), Code.VEX_Vpsllvq_xmm_xmm_xmmm128, Code.VEX_Vpsllvq_ymm_ymm_ymmm256);
        f.Add(e => ShiftVariable(e, 32, LLVMOpcode.LLVMLShr), Code.VEX_Vpsrlvd_xmm_xmm_xmmm128, Code.VEX_Vpsrlvd_ymm_ymm_ymmm256);
        f.Add(e => ShiftVariable(e, 64, LLVMOpcode.LLVMLShr), Code.VEX_Vpsrlvq_xmm_xmm_xmmm128, Code.VEX_Vpsrlvq_ymm_ymm_ymmm256);
        f.Add(e => ShiftVariable(e, 32, LLVMOpcode.LLVMAShr), Code.VEX_Vpsravd_xmm_xmm_xmmm128, Code.VEX_Vpsravd_ymm_ymm_ymmm256);

        f.Add(e => MaskedLoad(e, 32), Code.VEX_Vpmaskmovd_xmm_xmm_m128, Code.VEX_Vpmaskmovd_ymm_ymm_m256,
            Code.VEX_Vmaskmovps_xmm_xmm_m128, Code.VEX_Vmaskmovps_ymm_ymm_m256);
        f.Add(e => MaskedLoad(e, 64), Code.VEX_Vpmaskmovq_xmm_xmm_m128, Code.VEX_Vpmaskmovq_ymm_ymm_m256,
            Code.VEX_Vmaskmovpd_xmm_xmm_m128, Code.VEX_Vmaskmovpd_ymm_ymm_m256);
        f.Add(e => MaskedStore(e, 32), Code.VEX_Vpmaskmovd_m128_xmm_xmm, Code.VEX_Vpmaskmovd_m256_ymm_ymm,
            Code.VEX_Vmaskmovps_m128_xmm_xmm, Code.VEX_Vmaskmovps_m256_ymm_ymm);
        f.Add(e => MaskedStore(e, 64), Code.VEX_Vpmaskmovq_m128_xmm_xmm, Code.VEX_Vpmaskmovq_m256_ymm_ymm,
            Code.VEX_Vmaskmovpd_m128_xmm_xmm, Code.VEX_Vmaskmovpd_m256_ymm_ymm);

        f.Add(e => Gather(e, 32, 32), Code.VEX_Vpgatherdd_xmm_vm32x_xmm, Code.VEX_Vpgatherdd_ymm_vm32y_ymm,
            Code.VEX_Vgatherdps_xmm_vm32x_xmm, Code.VEX_Vgatherdps_ymm_vm32y_ymm);
        f.Add(e => Gather(e, 64, 32), Code.VEX_Vpgatherdq_xmm_vm32x_xmm, Code.VEX_Vpgatherdq_ymm_vm32x_ymm,
            Code.VEX_Vgatherdpd_xmm_vm32x_xmm, Code.VEX_Vgatherdpd_ymm_vm32x_ymm);
        f.Add(e => Gather(e, 32, 64), Code.VEX_Vpgatherqd_xmm_vm64x_xmm, Code.VEX_Vpgatherqd_xmm_vm64y_xmm,
            Code.VEX_Vgatherqps_xmm_vm64x_xmm, Code.VEX_Vgatherqps_xmm_vm64y_xmm);
        f.Add(e => Gather(e, 64, 64), Code.VEX_Vpgatherqq_xmm_vm64x_xmm, Code.VEX_Vpgatherqq_ymm_vm64y_ymm,
            Code.VEX_Vgatherqpd_xmm_vm64x_xmm, Code.VEX_Vgatherqpd_ymm_vm64y_ymm);
    }

    // ---- permutes and blends ----

    /// <summary>vpermq/vpermpd: qword i of the result is source qword imm[2i+1:2i].</summary>
    private static void PermuteQwords(Emitter e)
    {
        var (lo, hi) = AvxOperands.ReadWide(e, 1);
        var s = e.IntVec(64);
        int imm = e.Insn.Immediate8;
        var a = e.BitCast(lo, s.Type);
        var b = e.BitCast(hi, s.Type);
        LLVMValueRef Pick(int first) =>
            e.BitCast(e.Shuffle(a, b, new[] { (imm >> (2 * first)) & 3, (imm >> (2 * first + 2)) & 3 }), e.T.I128);
        AvxOperands.WriteWide(e, 0, Pick(0), Pick(2));
    }

    /// <summary>vpermd/vpermps: dword i of the result is source (operand 2) dword index[i] &amp; 7, the indices
    /// being operand 1. On AArch64 one two-register table lookup per half, with dword indices made byte indices.</summary>
    private static void PermuteDwords(Emitter e)
    {
        var (i0, i1) = AvxOperands.ReadWide(e, 1);
        var (s0, s1) = AvxOperands.ReadWide(e, 2);
        var bytes = e.IntVec(8);
        var dwords = e.IntVec(32);
        var t0 = e.BitCast(s0, bytes.Type);
        var t1 = e.BitCast(s1, bytes.Type);
        LLVMValueRef Half(LLVMValueRef index)
        {
            var scaled = e.Mul(e.And(e.BitCast(index, dwords.Type), e.SplatInt(dwords, 7)), e.SplatInt(dwords, 0x04040404));
            var byteIndex = e.BitCast(e.Add(scaled, e.SplatInt(dwords, 0x03020100)), bytes.Type);
            return e.BitCast(e.Intrinsic("llvm.aarch64.neon.tbl2", new[] { bytes.Type }, t0, t1, byteIndex), e.T.I128);
        }
        AvxOperands.WriteWide(e, 0, Half(i0), Half(i1));
    }

    /// <summary>vpblendd: dword i from operand 2 where immediate bit i is set, else from operand 1.</summary>
    private static void BlendDwords(Emitter e)
    {
        var (a0, a1) = AvxOperands.ReadAny(e, 1);
        var (b0, b1) = AvxOperands.ReadAny(e, 2);
        var s = e.IntVec(32);
        int imm = e.Insn.Immediate8;
        LLVMValueRef Half(LLVMValueRef a, LLVMValueRef b, int bits) => e.BitCast(e.Shuffle(e.BitCast(a, s.Type),
            e.BitCast(b, s.Type), Enumerable.Range(0, 4).Select(i => ((bits >> i) & 1) != 0 ? 4 + i : i).ToArray()), e.T.I128);
        AvxOperands.WriteAny(e, 0, Half(a0, b0, imm), Half(a1, b1, imm >> 4));
    }

    /// <summary>(v)mpsadbw: per 128-bit half, word i = Σk |a[aOff+i+k] − b[bOff+k]| (k = 0..3), with aOff = 4·imm[2],
    /// bOff = 4·imm[1:0]; the upper half takes its fields from imm[5:3]. The SSE4.1 form (<paramref name="sse"/>)
    /// has a = its destination and keeps the ymm upper half.</summary>
    internal static void MultipleSad(Emitter e, bool sse = false)
    {
        var (a0, a1) = sse ? (e.Read(0, 128), default) : AvxOperands.ReadAny(e, 1);
        var (b0, b1) = sse ? (e.Read(1, 128), default) : AvxOperands.ReadAny(e, 2);
        var bytes = e.IntVec(8);
        var words = e.IntVec(16);
        int imm = e.Insn.Immediate8;
        LLVMValueRef Half(LLVMValueRef a128, LLVMValueRef b128, int fields)
        {
            int aOff = ((fields >> 2) & 1) * 4, bOff = (fields & 3) * 4;
            var a = e.BitCast(a128, bytes.Type);
            var b = e.BitCast(b128, bytes.Type);
            LLVMValueRef sum = e.ZeroOf(words.Type);
            for (int k = 0; k < 4; k++)
            {
                var x = e.VZExt(e.Shuffle(a, a, Enumerable.Range(aOff + k, 8).ToArray()), words.Type);
                var y = e.VZExt(e.Shuffle(b, b, Enumerable.Repeat(bOff + k, 8).ToArray()), words.Type);
                var diff = e.Intrinsic("llvm.abs", new[] { words.Type }, e.Sub(x, y), e.False);
                sum = e.Add(sum, diff);
            }
            return e.BitCast(sum, e.T.I128);
        }
        if (sse) e.Write(0, Half(a0, b0, imm));
        else AvxOperands.WriteAny(e, 0, Half(a0, b0, imm), Half(a1, b1, imm >> 3));
    }

    /// <summary>(v)phminposuw: word 0 = the smallest unsigned word, bits 18:16 = its index (the lowest on a tie), the
    /// rest zero; the SSE4.1 form (<paramref name="sse"/>) keeps the ymm upper half.</summary>
    internal static void MinimumWordAndIndex(Emitter e, bool sse = false)
    {
        var words = e.IntVec(16);
        var v = e.BitCast(e.Read(1, 128), words.Type);
        var min = e.Intrinsic("llvm.vector.reduce.umin", new[] { words.Type }, v);
        var hits = e.BitCast(e.ICmp(LLVMIntPredicate.LLVMIntEQ, v, e.Splat(min, 8)), e.T.I8);
        var index = e.ZExt(e.Cttz(hits, zeroPoison: true), 128);
        var result = e.Or(e.ZExt(min, 128), e.Shl(index, e.Const(128, 16)));
        if (sse) e.Write(0, result);
        else AvxOperands.WriteNarrow(e, 0, result);
    }

    // ---- widening and variable shifts ----

    /// <summary>vpmovzx*/vpmovsx* with a ymm destination: the low 256/toBits elements of the xmm/memory source,
    /// widened.</summary>
    private static void Widen(Emitter e, int fromBits, int toBits, bool signed)
    {
        int lanes = 256 / toBits;
        var src = e.BitCast(e.Read(1, lanes * fromBits), e.VecType(e.T.Int(fromBits), lanes));
        var wide = e.VecType(e.T.Int(toBits), lanes);
        var (lo, hi) = AvxOperands.Split(e, signed ? e.VSExt(src, wide) : e.VZExt(src, wide));
        AvxOperands.WriteWide(e, 0, lo, hi);
    }

    /// <summary>vpsllv/vpsrlv/vpsrav: each element of operand 1 shifted by the matching element of operand 2;
    /// a count of the element width or more gives 0 (logical) or the sign in every bit (arithmetic).</summary>
    private static void ShiftVariable(Emitter e, int elemBits, LLVMOpcode shift)
    {
        var s = e.IntVec(elemBits);
        var (x0, x1) = AvxOperands.ReadAny(e, 1);
        var (c0, c1) = AvxOperands.ReadAny(e, 2);
        var width = e.SplatInt(s, (ulong)elemBits);
        LLVMValueRef Half(LLVMValueRef x128, LLVMValueRef c128)
        {
            var x = e.BitCast(x128, s.Type);
            var count = e.BitCast(c128, s.Type);
            var inRange = e.ICmp(LLVMIntPredicate.LLVMIntULT, count, width);
            LLVMValueRef r;
            if (shift == LLVMOpcode.LLVMAShr)
                r = e.AShr(x, e.Select(inRange, count, e.SplatInt(s, (ulong)elemBits - 1)));
            else
            {
                var safe = e.Select(inRange, count, e.ZeroOf(s.Type));
                var shifted = shift == LLVMOpcode.LLVMShl ? e.Shl(x, safe) : e.LShr(x, safe);
                r = e.Select(inRange, shifted, e.ZeroOf(s.Type));
            }
            return e.BitCast(r, e.T.I128);
        }
        AvxOperands.WriteAny(e, 0, Half(x0, c0), Half(x1, c1));
    }

    // ---- masked memory access ----

    /// <summary>The sign bits of a mask register's first <paramref name="lanes"/> elements, as &lt;lanes x i1&gt;.</summary>
    private static LLVMValueRef MaskLanes(Emitter e, LLVMValueRef lo, LLVMValueRef hi, int elemBits, int lanes)
    {
        var all = AvxOperands.Join(e, lo, hi, elemBits);
        var first = lanes == 256 / elemBits ? all : e.Shuffle(all, all, Enumerable.Range(0, lanes).ToArray());
        return e.ICmp(LLVMIntPredicate.LLVMIntSLT, first, e.ZeroOf(e.VecType(e.T.Int(elemBits), lanes)));
    }

    /// <summary>vpmaskmov/vmaskmov loads: element i from memory where the mask's element i (operand 1) has its sign
    /// bit set, else 0; masked-off elements are not accessed (they may lie on an unmapped page).</summary>
    private static void MaskedLoad(Emitter e, int elemBits)
    {
        bool wide = Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), 0);
        int lanes = (wide ? 256 : 128) / elemBits;
        var (m0, m1) = AvxOperands.ReadAny(e, 1);
        var type = e.VecType(e.T.Int(elemBits), lanes);
        var mask = MaskLanes(e, m0, m1, elemBits, lanes);
        var ptr = e.IntToPtr(e.Address());
        var value = e.Intrinsic("llvm.masked.load", new[] { type, e.T.Ptr }, ptr, e.Const(32, 1), mask, e.ZeroOf(type));
        OrderAfterLoad(e);
        if (wide)
        {
            var (lo, hi) = AvxOperands.Split(e, value);
            AvxOperands.WriteWide(e, 0, lo, hi);
        }
        else AvxOperands.WriteNarrow(e, 0, e.BitCast(value, e.T.I128));
    }

    /// <summary>vpmaskmov/vmaskmov stores: only the elements whose mask element (operand 1) has its sign bit set are
    /// written.</summary>
    private static void MaskedStore(Emitter e, int elemBits)
    {
        bool wide = Avx.IsYmm(e.Insn, e.Insn.Code.ToOpCode(), 2);
        int lanes = (wide ? 256 : 128) / elemBits;
        var (m0, m1) = AvxOperands.ReadAny(e, 1);
        var (v0, v1) = AvxOperands.ReadAny(e, 2);
        var mask = MaskLanes(e, m0, m1, elemBits, lanes);
        var all = AvxOperands.Join(e, v0, v1, elemBits);
        var value = wide ? all : e.Shuffle(all, all, Enumerable.Range(0, lanes).ToArray());
        var type = e.VecType(e.T.Int(elemBits), lanes);
        var ptr = e.IntToPtr(e.Address());
        OrderBeforeStore(e);
        e.Intrinsic("llvm.masked.store", new[] { type, e.T.Ptr }, value, ptr, e.Const(32, 1), mask);
    }

    /// <summary>Gathers (vpgather*, vgather*): element i of the destination is loaded from base + index[i]·scale +
    /// displacement where the mask's element i has its sign bit set, else kept; the mask register is then cleared
    /// and the destination's bits above the gathered elements zeroed. Masked-off elements are not accessed.</summary>
    private static void Gather(Emitter e, int dataBits, int indexBits)
    {
        var insn = e.Insn;
        var indexReg = insn.MemoryIndex;
        int indexLanes = (indexReg.IsYMM() ? 256 : 128) / indexBits;
        int dstLanes = (insn.Op0Register.IsYMM() ? 256 : 128) / dataBits;
        int lanes = Math.Min(indexLanes, dstLanes);
        int all = 256 / dataBits;
        var dataType = e.VecType(e.T.Int(dataBits), lanes);

        var (d0, d1) = AvxOperands.ReadAny(e, 0);
        var (m0, m1) = AvxOperands.ReadAny(e, 2);
        int ix = Emitter.VectorIndex(indexReg);
        var indexAll = AvxOperands.Join(e, e.GetXmm(ix), indexReg.IsYMM() ? e.GetYmmHigh(ix) : e.Const(128, 0), indexBits);
        var index = e.Shuffle(indexAll, indexAll, Enumerable.Range(0, lanes).ToArray());

        // addresses at the guest's address width (32-bit ones wrap), then the segment base, then host width
        int addrBits = e.Is64 && insn.MemoryBase.GetSize() != 4 ? 64 : 32;
        var addrType = e.VecType(e.T.Int(addrBits), lanes);
        var offsets = indexBits < addrBits ? e.VSExt(index, addrType) : indexBits > addrBits ? e.VTrunc(index, addrType) : index;
        offsets = e.Mul(offsets, e.SplatInt(e.IntVec(addrBits, lanes), (ulong)insn.MemoryIndexScale));
        LLVMValueRef scalar = e.Const(addrBits, e.Is64 ? insn.MemoryDisplacement64 : insn.MemoryDisplacement32);
        if (insn.MemoryBase != Register.None) scalar = e.Add(scalar, e.Resize(e.GetGpr(insn.MemoryBase), addrBits));
        scalar = e.Add(scalar, e.Trunc(e.WithSegment(e.Const(e.AddressBits, 0), insn.MemorySegment), addrBits));
        var addresses = e.VZExt(e.Add(offsets, e.Splat(scalar, lanes)), e.VecType(e.T.I64, lanes));
        var pointers = LLVMBuildIntToPtr(e.B, addresses, e.VecType(e.T.Ptr, lanes), "");

        var mask = MaskLanes(e, m0, m1, dataBits, lanes);
        var dstAll = AvxOperands.Join(e, d0, d1, dataBits);
        var old = e.Shuffle(dstAll, dstAll, Enumerable.Range(0, lanes).ToArray());
        var loaded = e.Intrinsic("llvm.masked.gather", new[] { dataType, e.VecType(e.T.Ptr, lanes) },
            pointers, e.Const(32, 1), mask, old);
        OrderAfterLoad(e);

        var widened = e.Shuffle(loaded, e.ZeroOf(dataType), Enumerable.Range(0, all).Select(i => i < lanes ? i : lanes).ToArray());
        var (lo, hi) = AvxOperands.Split(e, widened);
        AvxOperands.WriteAny(e, 0, lo, hi);
        int m = Emitter.VectorIndex(insn.Op2Register);
        e.SetXmm(m, e.Const(128, 0));
        e.SetYmmHigh(m, e.Const(128, 0));
    }

    // Masked accesses are built from LLVM's masked intrinsics, not Emitter.Load/Store; under TSO they get the
    // same barriers a plain vector access gets.
    private static void OrderAfterLoad(Emitter e)
    {
        if (e.Options.Memory == MemoryModel.Tso) LLVMBuildFence(e.B, LLVMAtomicOrdering.LLVMAtomicOrderingAcquire, 0, "");
    }

    private static void OrderBeforeStore(Emitter e)
    {
        if (e.Options.Memory == MemoryModel.Tso) LLVMBuildFence(e.B, LLVMAtomicOrdering.LLVMAtomicOrderingRelease, 0, "");
    }
}
