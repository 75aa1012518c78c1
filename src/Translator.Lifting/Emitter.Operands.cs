using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>Operand access: registers, immediates and guest memory.</summary>
public sealed partial class Emitter
{
    /// <summary>Width in bits of operand <paramref name="op"/> of the current instruction.</summary>
    public int OpBits(int op)
    {
        switch (Insn.GetOpKind(op))
        {
            case OpKind.Register:
                return Insn.GetOpRegister(op).GetSize() * 8;
            case OpKind.Memory:
                return Insn.MemorySize.GetSize() * 8;
            case OpKind.Immediate8: case OpKind.Immediate8_2nd: return 8;
            case OpKind.Immediate16: case OpKind.Immediate8to16: return 16;
            case OpKind.Immediate32: case OpKind.Immediate8to32: return 32;
            default: return 64;
        }
    }

    /// <summary>Reads operand <paramref name="op"/> as an integer of <paramref name="bits"/> bits
    /// (immediates are sign-extended, registers/memory read at that width).</summary>
    public LLVMValueRef Read(int op, int bits)
    {
        switch (Insn.GetOpKind(op))
        {
            case OpKind.Register:
            {
                var r = Insn.GetOpRegister(op);
                if (r.IsXMM()) return Trunc(GetXmm(XmmIndex(r)), bits);
                return Resize(GetGpr(r), bits);
            }
            case OpKind.Memory:
                return Load(Address(), T.Int(bits));
            case OpKind.Immediate8: return Const(bits, Insn.Immediate8);
            case OpKind.Immediate8_2nd: return Const(bits, Insn.Immediate8_2nd);
            case OpKind.Immediate16: return Const(bits, Insn.Immediate16);
            case OpKind.Immediate32: return Const(bits, Insn.Immediate32);
            case OpKind.Immediate64: return Const(bits, Insn.Immediate64);
            case OpKind.Immediate8to16: return Const(bits, (ulong)(long)Insn.Immediate8to16);
            case OpKind.Immediate8to32: return Const(bits, (ulong)(long)Insn.Immediate8to32);
            case OpKind.Immediate8to64: return Const(bits, (ulong)Insn.Immediate8to64);
            case OpKind.Immediate32to64: return Const(bits, (ulong)Insn.Immediate32to64);
            default:
                throw new UnsupportedInstructionException($"operand kind {Insn.GetOpKind(op)}");
        }
    }

    /// <summary>Reads an operand at its own width.</summary>
    public LLVMValueRef Read(int op) => Read(op, OpBits(op));

    public void Write(int op, LLVMValueRef value)
    {
        switch (Insn.GetOpKind(op))
        {
            case OpKind.Register:
            {
                var r = Insn.GetOpRegister(op);
                if (r.IsXMM()) { SetXmm(XmmIndex(r), value); return; }
                SetGpr(r, value);
                return;
            }
            case OpKind.Memory:
                Store(Address(), value);
                return;
            default:
                throw new UnsupportedInstructionException($"write to operand kind {Insn.GetOpKind(op)}");
        }
    }

    public bool IsMemory(int op) => Insn.GetOpKind(op) == OpKind.Memory;
    public bool IsRegister(int op) => Insn.GetOpKind(op) == OpKind.Register;

    /// <summary>Effective address (with segment base) of the instruction's memory operand, as i64.</summary>
    public LLVMValueRef Address() => WithSegment(OffsetOfMemoryOperand(), Insn.MemorySegment);

    /// <summary>The address without any segment base, at the guest's address width (lea's value).</summary>
    public LLVMValueRef OffsetOfMemoryOperand()
    {
        int bits = Is64 && IsAddr32() ? 32 : AddressBits;
        if (Insn.IsIPRelativeMemoryOperand)
            return Const(bits, Insn.IPRelativeMemoryAddress);
        LLVMValueRef addr = Const(bits, Is64 ? Insn.MemoryDisplacement64 : (uint)Insn.MemoryDisplacement32);
        if (Insn.MemoryBase != Register.None)
            addr = Add(addr, Resize(GetGpr(Insn.MemoryBase), bits));
        if (Insn.MemoryIndex != Register.None)
        {
            var index = Resize(GetGpr(Insn.MemoryIndex), bits);
            int scale = Insn.MemoryIndexScale;
            if (scale != 1) index = Shl(index, scale switch { 2 => 1, 4 => 2, _ => 3 });
            addr = Add(addr, index);
        }
        // i386 with a 67 prefix: 16-bit addressing ([bx+si], [bp+d16], [d16]) wraps at 64 KiB
        if (!Is64 && Semantics.DataTransfer.UsesAddress16(Insn)) addr = ZExt(Trunc(addr, 16), bits);
        return addr;
    }

    private bool IsAddr32() => Insn.MemoryBase.GetSize() == 4 || Insn.MemoryIndex.GetSize() == 4;

    /// <summary>Adds the FS/GS base if the segment needs it and widens to a host address.</summary>
    public LLVMValueRef WithSegment(LLVMValueRef offset, Register segment)
    {
        var addr = ZExt(offset, 64);
        if (segment == Register.FS)
            addr = Add(addr, LoadPtr(T.I64, StateField(GuestStateLayout.FsBase), 8));
        else if (segment == Register.GS)
            addr = Add(addr, LoadPtr(T.I64, StateField(GuestStateLayout.GsBase), 8));
        else
            return addr;
        return Is64 ? addr : ZExt(Trunc(addr, 32), 64);
    }

    /// <summary>Guest address (natural width) → host address.</summary>
    public LLVMValueRef HostAddress(LLVMValueRef guestAddress) => ZExt(guestAddress, 64);

    // ---- stack ----

    public void Push(LLVMValueRef value)
    {
        int bytes = Bits(value) / 8;
        var sp = Sub(GetNative(4), Const(AddressBits, (ulong)bytes));
        StackStore(HostAddress(sp), value);
        SetNative(4, sp);
    }

    public LLVMValueRef Pop(int bits)
    {
        var sp = GetNative(4);
        var value = StackLoad(HostAddress(sp), T.Int(bits));
        SetNative(4, Add(sp, Const(AddressBits, (ulong)(bits / 8))));
        return value;
    }
}

/// <summary>An instruction the lifter cannot translate (becomes a run-time trap).</summary>
public sealed class UnsupportedInstructionException(string message) : Exception(message);
