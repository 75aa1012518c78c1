using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>SSE data movement: register/memory moves, partial-lane moves, masks, lane insert/extract,
/// zero/sign-extending loads, MXCSR load/store.</summary>
public static class SseMove
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Movd, e => MovGprXmm(e, 32));
        t.Add(Mnemonic.Movq, e => MovGprXmm(e, 64));
        t.Add(e => e.Write(0, e.Read(1, 128)), Mnemonic.Movdqa, Mnemonic.Movdqu, Mnemonic.Movaps, Mnemonic.Movups,
            Mnemonic.Movapd, Mnemonic.Movupd, Mnemonic.Lddqu, Mnemonic.Movntdq, Mnemonic.Movntps, Mnemonic.Movntpd,
            Mnemonic.Movntdqa);
        t.Add(Mnemonic.Movnti, e => e.Write(0, e.Read(1)));
        t.Add(Mnemonic.Movss, e => MovScalar(e, 32));
        AddShared(t, Mnemonic.Movsd, Sse.MovsdXmm, "string movsd");
        t.Add(Mnemonic.Movhps, e => MovHalf(e, high: true));
        t.Add(Mnemonic.Movhpd, e => MovHalf(e, high: true));
        t.Add(Mnemonic.Movlps, e => MovHalf(e, high: false));
        t.Add(Mnemonic.Movlpd, e => MovHalf(e, high: false));
        t.Add(Mnemonic.Movhlps, e => SetLane64(e, 0, 0, Lane64(e, 1, 1)));
        t.Add(Mnemonic.Movlhps, e => SetLane64(e, 0, 1, Lane64(e, 1, 0)));
        t.Add(Mnemonic.Movmskps, e => SignMask(e, 32));
        t.Add(Mnemonic.Movmskpd, e => SignMask(e, 64));
        t.Add(Mnemonic.Pmovmskb, e => SignMask(e, 8));
        t.Add(Mnemonic.Ldmxcsr, e => e.WriteMxcsr(e.Read(0, 32)));
        t.Add(Mnemonic.Stmxcsr, e => e.Write(0, e.ReadMxcsr()));
        t.Add(Mnemonic.Maskmovdqu, Maskmovdqu);
        t.Add(Mnemonic.Pinsrb, e => Insert(e, 8));
        t.Add(Mnemonic.Pinsrw, e => Insert(e, 16));
        t.Add(Mnemonic.Pinsrd, e => Insert(e, 32));
        t.Add(Mnemonic.Pinsrq, e => Insert(e, 64));
        t.Add(Mnemonic.Pextrb, e => Extract(e, 8));
        t.Add(Mnemonic.Pextrw, e => Extract(e, 16));
        t.Add(Mnemonic.Pextrd, e => Extract(e, 32));
        t.Add(Mnemonic.Pextrq, e => Extract(e, 64));
        t.Add(Mnemonic.Extractps, e => Extract(e, 32));
        t.Add(Mnemonic.Insertps, Insertps);
        t.Add(Mnemonic.Pmovzxbw, e => Extend(e, 8, 16, false));
        t.Add(Mnemonic.Pmovzxbd, e => Extend(e, 8, 32, false));
        t.Add(Mnemonic.Pmovzxbq, e => Extend(e, 8, 64, false));
        t.Add(Mnemonic.Pmovzxwd, e => Extend(e, 16, 32, false));
        t.Add(Mnemonic.Pmovzxwq, e => Extend(e, 16, 64, false));
        t.Add(Mnemonic.Pmovzxdq, e => Extend(e, 32, 64, false));
        t.Add(Mnemonic.Pmovsxbw, e => Extend(e, 8, 16, true));
        t.Add(Mnemonic.Pmovsxbd, e => Extend(e, 8, 32, true));
        t.Add(Mnemonic.Pmovsxbq, e => Extend(e, 8, 64, true));
        t.Add(Mnemonic.Pmovsxwd, e => Extend(e, 16, 32, true));
        t.Add(Mnemonic.Pmovsxwq, e => Extend(e, 16, 64, true));
        t.Add(Mnemonic.Pmovsxdq, e => Extend(e, 32, 64, true));
    }

    /// <summary>Registers a handler for a mnemonic Iced shares between an SSE instruction and a string
    /// instruction (movsd, cmpsd). The string category registers those mnemonics first and dispatches forms
    /// without string operands through <see cref="StringOps.VectorForms"/>.</summary>
    internal static void AddShared(SemanticsTable t, Mnemonic m, InstructionHandler sse, string stringForm)
    {
        if (t.TryGet(m, out _))
        {
            StringOps.VectorForms[m] = sse;
            return;
        }
        t.Add(m, e =>
        {
            if (!Sse.HasXmmOperand(e.Insn)) throw new UnsupportedInstructionException(stringForm);
            sse(e);
        });
    }

    /// <summary>movd/movq: GPR/memory/MMX ↔ XMM/MMX; a write to an XMM or MMX register zeroes the rest of it.</summary>
    private static void MovGprXmm(Emitter e, int bits)
    {
        var v = e.ReadPackedBits(1, bits);
        if (e.IsXmmOperand(0)) e.Write(0, e.ZExt(v, 128));
        else if (e.OpRegister(0).IsMM()) e.WritePacked(0, e.ZExt(v, 64));
        else e.Write(0, v);
    }

    /// <summary>movss/movsd: reg←reg merges the low lane, reg←mem zeroes the rest, mem←reg stores the lane.</summary>
    internal static void MovScalar(Emitter e, int bits)
    {
        var v = e.Read(1, bits);
        if (e.IsMemory(1)) e.Write(0, e.ZExt(v, 128));
        else e.WriteLow(0, v);
    }

    internal static LLVMValueRef Lane64(Emitter e, int op, int lane)
    {
        if (e.IsMemory(op)) return e.Read(op, 64);
        return e.ExtractElement(e.ReadVec(op, e.IntVec(64)), lane);
    }

    private static void SetLane64(Emitter e, int op, int lane, LLVMValueRef value)
    {
        var v = e.ReadVec(op, e.IntVec(64));
        e.WriteVec(op, e.InsertElement(v, value, lane));
    }

    /// <summary>movhps/movlps/movhpd/movlpd: one 64-bit half between an XMM register and memory.</summary>
    private static void MovHalf(Emitter e, bool high)
    {
        int lane = high ? 1 : 0;
        if (e.IsMemory(0)) e.Write(0, Lane64(e, 1, lane));
        else SetLane64(e, 0, lane, e.Read(1, 64));
    }

    /// <summary>movmskps/movmskpd/pmovmskb: the sign bit of each lane into the low bits of a GPR.</summary>
    private static void SignMask(Emitter e, int elemBits)
    {
        var s = e.PackedInt(elemBits);
        e.Write(0, e.ZExt(SignBits(e, e.ReadPacked(1, s), s), e.OpBits(0)));
    }

    /// <summary>The sign bit of every lane of an integer vector of shape <paramref name="s"/>, lane 0 in bit 0 (what
    /// movmskps/pmovmskb return).</summary>
    internal static LLVMValueRef SignBits(Emitter e, LLVMValueRef vector, VecShape s)
    {
        var negative = e.ICmp(LLVMIntPredicate.LLVMIntSLT, vector, e.ZeroOf(s.Type));
        return e.BitCast(negative, e.T.Int(s.Lanes));
    }

    /// <summary>maskmovdqu: stores the bytes of op0 whose mask byte (op1) has its top bit set, at DS:rDI.</summary>
    private static void Maskmovdqu(Emitter e)
    {
        // Iced lists the implicit [rDI] destination first when present: data and mask are the last two operands.
        var s = e.IntVec(8);
        int n = e.Insn.OpCount;
        var data = e.ReadVec(n - 2, s);
        var mask = e.ICmp(LLVMIntPredicate.LLVMIntSLT, e.ReadVec(n - 1, s), e.ZeroOf(s.Type));
        var offset = e.Is64 ? e.GetGpr64(7) : e.GetGpr(Register.EDI);
        var ptr = e.IntToPtr(e.WithSegment(offset, e.Insn.MemorySegment));
        e.Intrinsic("llvm.masked.store", new[] { s.Type, e.T.Ptr }, data, ptr, e.Const(32, 1), mask);
    }

    /// <summary>pinsrb/w/d/q: inserts a GPR/memory value into the lane selected by the immediate.</summary>
    private static void Insert(Emitter e, int elemBits)
    {
        var s = e.PackedInt(elemBits);
        int lane = (int)(e.Insn.GetImmediate(2) & (ulong)(s.Lanes - 1));
        var v = e.ReadPacked(0, s);
        e.WritePacked(0, e.InsertElement(v, e.Read(1, elemBits), lane));
    }

    /// <summary>pextrb/w/d/q, extractps: a lane into a GPR (zero-extended) or memory.</summary>
    private static void Extract(Emitter e, int elemBits)
    {
        var s = e.PackedInt(elemBits);
        int lane = (int)(e.Insn.GetImmediate(2) & (ulong)(s.Lanes - 1));
        var value = e.ExtractElement(e.ReadPacked(1, s), lane);
        e.Write(0, e.Resize(value, e.OpBits(0)));
    }

    /// <summary>insertps: picks a source lane (or m32), writes it into a destination lane, zeroes masked lanes.</summary>
    private static void Insertps(Emitter e)
    {
        var s = e.IntVec(32);
        int imm = (int)e.Insn.GetImmediate(2);
        var src = e.IsMemory(1) ? e.Read(1, 32) : e.ExtractElement(e.ReadVec(1, s), (imm >> 6) & 3);
        var v = e.InsertElement(e.ReadVec(0, s), src, (imm >> 4) & 3);
        var mask = new int[4];
        for (int i = 0; i < 4; i++) mask[i] = ((imm >> i) & 1) != 0 ? 4 : i;
        e.WriteVec(0, e.Shuffle(v, e.ZeroOf(s.Type), mask));
    }

    /// <summary>pmovzx*/pmovsx*: widens the low lanes of the source.</summary>
    private static void Extend(Emitter e, int fromBits, int toBits, bool signed)
    {
        int lanes = 128 / toBits;
        var src = e.BitCast(e.Read(1, lanes * fromBits), e.VecType(e.T.Int(fromBits), lanes));
        var dst = e.IntVec(toBits);
        e.WriteVec(0, signed ? e.VSExt(src, dst.Type) : e.VZExt(src, dst.Type));
    }
}
