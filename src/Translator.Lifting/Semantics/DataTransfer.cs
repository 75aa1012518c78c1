using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>Moves, stack, conversions, exchanges and flag transfers.</summary>
public static class DataTransfer
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Mov, Mov);
        t.Add(Movzx, Mnemonic.Movzx);
        t.Add(Movsx, Mnemonic.Movsx, Mnemonic.Movsxd);
        t.Add(Mnemonic.Lea, Lea);
        t.Add(Mnemonic.Push, Push);
        t.Add(Mnemonic.Pop, Pop);
        t.Add(Mnemonic.Xchg, Xchg);
        t.Add(Mnemonic.Xadd, Xadd);
        t.Add(Mnemonic.Cmpxchg, Cmpxchg);
        t.Add(Mnemonic.Cmpxchg8b, e => CmpxchgDouble(e, 32));
        t.Add(Mnemonic.Cmpxchg16b, e => CmpxchgDouble(e, 64));
        t.Add(Cmovcc, Mnemonic.Cmovo, Mnemonic.Cmovno, Mnemonic.Cmovb, Mnemonic.Cmovae, Mnemonic.Cmove, Mnemonic.Cmovne,
            Mnemonic.Cmovbe, Mnemonic.Cmova, Mnemonic.Cmovs, Mnemonic.Cmovns, Mnemonic.Cmovp, Mnemonic.Cmovnp,
            Mnemonic.Cmovl, Mnemonic.Cmovge, Mnemonic.Cmovle, Mnemonic.Cmovg);
        t.Add(Setcc, Mnemonic.Seto, Mnemonic.Setno, Mnemonic.Setb, Mnemonic.Setae, Mnemonic.Sete, Mnemonic.Setne,
            Mnemonic.Setbe, Mnemonic.Seta, Mnemonic.Sets, Mnemonic.Setns, Mnemonic.Setp, Mnemonic.Setnp,
            Mnemonic.Setl, Mnemonic.Setge, Mnemonic.Setle, Mnemonic.Setg);
        t.Add(Mnemonic.Cbw, e => e.SetGpr(Register.AX, e.SExt(e.GetGpr(Register.AL), 16)));
        t.Add(Mnemonic.Cwde, e => e.SetGpr(Register.EAX, e.SExt(e.GetGpr(Register.AX), 32)));
        t.Add(Mnemonic.Cdqe, e => e.SetGpr(Register.RAX, e.SExt(e.GetGpr(Register.EAX), 64)));
        t.Add(Mnemonic.Cwd, e => e.SetGpr(Register.DX, e.AShr(e.GetGpr(Register.AX), 15)));
        t.Add(Mnemonic.Cdq, e => e.SetGpr(Register.EDX, e.AShr(e.GetGpr(Register.EAX), 31)));
        t.Add(Mnemonic.Cqo, e => e.SetGpr(Register.RDX, e.AShr(e.GetGpr(Register.RAX), 63)));
        t.Add(Mnemonic.Bswap, e => e.Write(0, e.OpBits(0) == 16 ? e.Const(16, 0) : e.Bswap(e.Read(0))));
        t.Add(Mnemonic.Movbe, e => e.Write(0, e.Bswap(e.Read(1))));
        t.Add(Mnemonic.Leave, Leave);
        t.Add(Mnemonic.Lahf, Lahf);
        t.Add(Mnemonic.Sahf, e => SetFlagsFromByte(e, e.GetGpr(Register.AH)));
        t.Add(Mnemonic.Pushf, e => PushFlags(e, 16));
        t.Add(Mnemonic.Pushfd, e => PushFlags(e, 32));
        t.Add(Mnemonic.Pushfq, e => PushFlags(e, 64));
        t.Add(Mnemonic.Popf, e => PopFlags(e, 16));
        t.Add(Mnemonic.Popfd, e => PopFlags(e, 32));
        t.Add(Mnemonic.Popfq, e => PopFlags(e, 64));
        t.Add(Mnemonic.Pushad, e => PushAll(e, 32));
        t.Add(Mnemonic.Popad, e => PopAll(e, 32));
        t.Add(Mnemonic.Pusha, e => PushAll(e, 16));
        t.Add(Mnemonic.Popa, e => PopAll(e, 16));
        t.Add(Mnemonic.Enter, Enter);
        t.Add(Mnemonic.Bound, Bound);
        t.Add(Mnemonic.Xlatb, Xlat);
    }

    private static void Mov(Emitter e)
    {
        var dst = e.Insn.Op0Kind == OpKind.Register ? e.Insn.Op0Register : Iced.Intel.Register.None;
        var src = e.Insn.Op1Kind == OpKind.Register ? e.Insn.Op1Register : Iced.Intel.Register.None;
        if (dst.IsSegmentRegister())
        {
            WriteSelector(e, dst, e.Read(1, 16));
            return;
        }
        if (src.IsSegmentRegister())
        {
            e.Write(0, e.ZExt(ReadSelector(e, src), e.OpBits(0)));
            return;
        }
        e.Write(0, e.Read(1, e.OpBits(0)));
    }

    /// <summary>The selector a segment register holds (GuestState.seg, set at start to Linux's values).</summary>
    private static LLVMValueRef ReadSelector(Emitter e, Register segment) =>
        e.LoadPtr(e.T.I16, e.StateField(GuestStateLayout.SelectorOffset(segment)), 2);

    /// <summary>mov/pop to a segment register: the selector is kept (read back by mov/push); for fs and gs the runtime
    /// also takes the base of that GDT entry (set_thread_area), for the others the flat segment stays.</summary>
    private static void WriteSelector(Emitter e, Register segment, LLVMValueRef selector16)
    {
        e.StorePtr(selector16, e.StateField(GuestStateLayout.SelectorOffset(segment)), 2);
        if (segment is Register.FS or Register.GS) e.LoadSegment(segment - Register.ES, selector16);
    }

    /// <summary>lea; with 16-bit addressing (i386 with a 67 prefix: [bx+si], [bp+di+d16], [d16]) the address wraps
    /// at 64 KiB before it is zero-extended to the operand size.</summary>
    private static void Lea(Emitter e)
    {
        var offset = e.OffsetOfMemoryOperand();
        if (UsesAddress16(e.Insn)) offset = e.Trunc(offset, 16);
        e.Write(0, e.Resize(offset, e.OpBits(0)));
    }

    internal static bool UsesAddress16(in Instruction insn) =>
        insn.MemoryBase.GetSize() == 2 || insn.MemoryIndex.GetSize() == 2
        || (insn.MemoryBase == Register.None && insn.MemoryIndex == Register.None && insn.MemoryDisplSize == 2);

    private static void Movzx(Emitter e) => e.Write(0, e.ZExt(e.Read(1), e.OpBits(0)));
    private static void Movsx(Emitter e) => e.Write(0, e.SExt(e.Read(1), e.OpBits(0)));

    private static int StackOperandBits(Emitter e) => Math.Abs(e.Insn.StackPointerIncrement) * 8;

    private static void Push(Emitter e)
    {
        int bits = StackOperandBits(e);
        if (e.IsRegister(0) && e.Insn.Op0Register.IsSegmentRegister())
        {
            e.Push(e.ZExt(ReadSelector(e, e.Insn.Op0Register), bits));
            return;
        }
        e.Push(e.Read(0, bits));
    }

    private static void Pop(Emitter e)
    {
        int bits = StackOperandBits(e);
        if (e.IsRegister(0) && e.Insn.Op0Register.IsSegmentRegister())
        {
            WriteSelector(e, e.Insn.Op0Register, e.Trunc(e.Pop(bits), 16));
            return;
        }
        if (e.IsMemory(0))
        {
            // The address of a memory destination is computed with the incremented stack pointer.
            var value = e.Pop(bits);
            e.Write(0, value);
            return;
        }
        e.Write(0, e.Pop(bits));
    }

    private static bool IsAtomicTarget(Emitter e) => e.IsMemory(0);

    private static void Xchg(Emitter e)
    {
        int bits = e.OpBits(0);
        if (IsAtomicTarget(e))
        {
            var old = e.AtomicRmw(LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpXchg, e.Read(1, bits));
            e.Write(1, old);
            return;
        }
        var a = e.Read(0, bits);
        var b = e.Read(1, bits);
        e.Write(0, b);
        e.Write(1, a);
    }

    private static void Xadd(Emitter e)
    {
        int bits = e.OpBits(0);
        var src = e.Read(1, bits);
        LLVMValueRef dest;
        if (IsAtomicTarget(e))
            dest = e.AtomicRmw(LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAdd, src);
        else
            dest = e.Read(0, bits);
        var sum = e.Add(dest, src);
        e.SetAddFlags(dest, src, sum);
        e.Write(1, dest);
        if (!IsAtomicTarget(e)) e.Write(0, sum);
    }

    private static void Cmpxchg(Emitter e)
    {
        int bits = e.OpBits(0);
        var accReg = bits switch { 8 => Iced.Intel.Register.AL, 16 => Iced.Intel.Register.AX, 32 => Iced.Intel.Register.EAX, _ => Iced.Intel.Register.RAX };
        var acc = e.GetGpr(accReg);
        var src = e.Read(1, bits);
        LLVMValueRef old;
        LLVMValueRef equal;
        if (IsAtomicTarget(e))
        {
            (old, equal) = e.AtomicCompareExchangeAt(e.Address(), acc, src);
        }
        else
        {
            old = e.Read(0, bits);
            equal = e.Eq(old, acc);
            if (e.IsRegister(0) && bits == 32)
            {
                // A failed compare leaves a 32-bit register destination alone (no zero-extension).
                int dest = Emitter.GprIndex(e.Insn.Op0Register);
                e.SetGpr64(dest, e.Select(equal, e.ZExt(src, 64), e.GetGpr64(dest)));
            }
            else
                e.Write(0, e.Select(equal, src, old));
        }
        e.SetSubFlags(acc, old, e.Sub(acc, old));
        int index = Emitter.GprIndex(accReg);
        var full = e.GetGpr64(index);
        var loaded = bits == 32 ? e.ZExt(old, 64) : bits == 64 ? old
            : e.Or(e.And(full, e.Const(64, bits == 8 ? ~0xffUL : ~0xffffUL)), e.ZExt(old, 64));
        e.SetGpr64(index, e.Select(equal, full, loaded));
    }

    private static void CmpxchgDouble(Emitter e, int half)
    {
        var lo = half == 32 ? Iced.Intel.Register.EAX : Iced.Intel.Register.RAX;
        var hi = half == 32 ? Iced.Intel.Register.EDX : Iced.Intel.Register.RDX;
        var newLo = half == 32 ? Iced.Intel.Register.EBX : Iced.Intel.Register.RBX;
        var newHi = half == 32 ? Iced.Intel.Register.ECX : Iced.Intel.Register.RCX;
        int bits = half * 2;
        var expected = e.Or(e.ZExt(e.GetGpr(lo), bits), e.Shl(e.ZExt(e.GetGpr(hi), bits), half));
        var replacement = e.Or(e.ZExt(e.GetGpr(newLo), bits), e.Shl(e.ZExt(e.GetGpr(newHi), bits), half));
        var (old, equal) = e.AtomicCompareExchangeAt(e.Address(), expected, replacement);
        e.SetFlag(Flag.ZF, equal);
        var oldLo = e.Trunc(old, half);
        var oldHi = e.Trunc(e.LShr(old, half), half);
        // Only a failed compare writes edx:eax (zero-extending in 64-bit mode); a match leaves rdx/rax whole.
        int loIndex = Emitter.GprIndex(lo), hiIndex = Emitter.GprIndex(hi);
        e.SetGpr64(loIndex, e.Select(equal, e.GetGpr64(loIndex), e.ZExt(oldLo, 64)));
        e.SetGpr64(hiIndex, e.Select(equal, e.GetGpr64(hiIndex), e.ZExt(oldHi, 64)));
    }

    private static void Cmovcc(Emitter e)
    {
        int bits = e.OpBits(0);
        var cond = e.Condition(e.Insn.ConditionCode);
        e.Write(0, e.Select(cond, e.Read(1, bits), e.Read(0, bits)));
    }

    private static void Setcc(Emitter e) => e.Write(0, e.ZExt(e.Condition(e.Insn.ConditionCode), 8));

    private static void Leave(Emitter e)
    {
        e.SetNative(4, e.GetNative(5));
        // 66 c9 pops only BP (2 bytes) and keeps the rest of rbp/ebp
        if (e.Insn.Code == Code.Leavew) e.SetGpr(Register.BP, e.Pop(16));
        else e.SetGpr64(5, e.ZExt(e.Pop(e.AddressBits), 64));
    }

    private static LLVMValueRef FlagsByte(Emitter e)
    {
        LLVMValueRef Bit(Flag f, int pos) => e.Shl(e.ZExt(e.GetFlag(f), 8), pos);
        return e.Or(e.Or(e.Or(Bit(Flag.CF, 0), Bit(Flag.PF, 2)), e.Or(Bit(Flag.AF, 4), Bit(Flag.ZF, 6))),
            e.Or(Bit(Flag.SF, 7), e.Const(8, 2)));
    }

    private static void Lahf(Emitter e) => e.SetGpr(Iced.Intel.Register.AH, FlagsByte(e));

    private static void SetFlagsFromByte(Emitter e, LLVMValueRef value)
    {
        LLVMValueRef Bit(int pos) => e.Trunc(e.LShr(e.ZExt(value, 64), pos), 1);
        e.SetFlag(Flag.CF, Bit(0));
        e.SetFlag(Flag.PF, Bit(2));
        e.SetFlag(Flag.AF, Bit(4));
        e.SetFlag(Flag.ZF, Bit(6));
        e.SetFlag(Flag.SF, Bit(7));
    }

    /// <summary>EFLAGS as the guest sees it. IF (bit 9) is always set in user mode; the ID bit (21) is kept in
    /// GuestState.flags_pad so the classic pushf/popf CPUID probe works.</summary>
    private static LLVMValueRef FlagsValue(Emitter e)
    {
        var value = e.ZExt(FlagsByte(e), 64);
        value = e.Or(value, e.Shl(e.ZExt(e.GetFlag(Flag.DF), 64), 10));
        value = e.Or(value, e.Shl(e.ZExt(e.GetFlag(Flag.OF), 64), 11));
        value = e.Or(value, e.Const(64, 0x200));
        var id = e.LoadPtr(e.T.I8, e.StateField(GuestStateLayout.Df + 1));
        return e.Or(value, e.Shl(e.ZExt(e.And(id, e.Const(8, 1)), 64), 21));
    }

    private static void PushFlags(Emitter e, int bits) => e.Push(e.Trunc(FlagsValue(e), bits));

    private static void PopFlags(Emitter e, int bits) => LoadFlags(e, e.Pop(bits), bits);

    /// <summary>Sets the flags popf (and iret) may change from a popped EFLAGS image of <paramref name="bits"/>.</summary>
    internal static void LoadFlags(Emitter e, LLVMValueRef popped, int bits)
    {
        var value = e.ZExt(popped, 64);
        SetFlagsFromByte(e, e.Trunc(value, 8));
        e.SetFlag(Flag.DF, e.Trunc(e.LShr(value, 10), 1));
        e.SetFlag(Flag.OF, e.Trunc(e.LShr(value, 11), 1));
        if (bits >= 32) e.StorePtr(e.Trunc(e.And(e.LShr(value, 21), e.Const(64, 1)), 8), e.StateField(GuestStateLayout.Df + 1));
    }

    private static readonly Iced.Intel.Register[] PushAllOrder =
    {
        Iced.Intel.Register.EAX, Iced.Intel.Register.ECX, Iced.Intel.Register.EDX, Iced.Intel.Register.EBX,
        Iced.Intel.Register.ESP, Iced.Intel.Register.EBP, Iced.Intel.Register.ESI, Iced.Intel.Register.EDI,
    };

    /// <summary>pusha/pushad: eax, ecx, edx, ebx, the original esp, ebp, esi, edi (16 or 32 bits each).</summary>
    private static void PushAll(Emitter e, int bits)
    {
        var sp = e.GetGpr(Iced.Intel.Register.ESP);
        foreach (var r in PushAllOrder) e.Push(e.Trunc(r == Iced.Intel.Register.ESP ? sp : e.GetGpr(r), bits));
    }

    /// <summary>popa/popad: the reverse; the saved stack pointer is skipped. popa writes the low 16 bits.</summary>
    private static void PopAll(Emitter e, int bits)
    {
        for (int i = PushAllOrder.Length - 1; i >= 0; i--)
        {
            var v = e.Pop(bits);
            var r = bits == 16 ? PushAllOrder[i] - Iced.Intel.Register.EAX + Iced.Intel.Register.AX : PushAllOrder[i];
            if (PushAllOrder[i] != Iced.Intel.Register.ESP) e.SetGpr(r, v);
        }
    }

    /// <summary>enter size, level: push the frame pointer, copy level-1 outer frame pointers, push the new frame
    /// pointer (level &gt; 0), set the frame pointer and reserve size bytes (Intel SDM pseudo-code).</summary>
    private static void Enter(Emitter e)
    {
        int bits = e.Insn.Code switch
        {
            Code.Enterw_imm16_imm8 => 16,
            Code.Enterq_imm16_imm8 => 64,
            _ => 32,
        };
        int level = e.Insn.Immediate8_2nd & 31;
        var bp = e.GetNative(5);
        e.Push(e.Trunc(bp, bits));
        var frame = e.GetNative(4);
        for (int i = 1; i < level; i++)
        {
            var outer = e.Sub(bp, e.Const(e.AddressBits, (ulong)(i * bits / 8)));
            e.Push(e.Load(e.HostAddress(outer), e.T.Int(bits)));
        }
        if (level > 0) e.Push(e.Trunc(frame, bits));
        if (bits == 16) e.SetGpr(Iced.Intel.Register.BP, e.Trunc(frame, 16));
        else e.SetNative(5, frame);
        e.SetNative(4, e.Sub(e.GetNative(4), e.Const(e.AddressBits, e.Insn.Immediate16)));
    }

    /// <summary>bound r, m: #BR (SIGSEGV on Linux) unless m[0] &lt;= r &lt;= m[1], signed.</summary>
    private static void Bound(Emitter e)
    {
        int bits = e.OpBits(0);
        var index = e.Read(0, bits);
        var address = e.Address();
        var lower = e.Load(address, e.T.Int(bits));
        var upper = e.Load(e.HostAddress(e.Add(e.Trunc(address, 32), e.Const(32, (ulong)bits / 8))), e.T.Int(bits));
        e.TrapIf(e.Or(e.Slt(index, lower), e.Sgt(index, upper)), TrapKind.Int, "bound range exceeded");
    }

    private static void Xlat(Emitter e)
    {
        var baseReg = e.Is64 ? Iced.Intel.Register.RBX : Iced.Intel.Register.EBX;
        var offset = e.Add(e.GetNative(Emitter.GprIndex(baseReg)), e.ZExt(e.GetGpr(Iced.Intel.Register.AL), e.AddressBits));
        e.SetGpr(Iced.Intel.Register.AL, e.Load(e.WithSegment(offset, e.Insn.MemorySegment), e.T.I8));
    }
}
