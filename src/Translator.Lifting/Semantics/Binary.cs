using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>Integer arithmetic: add/sub families, inc/dec/neg, multiplication and division.</summary>
public static class Binary
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Add, e => AddSub(e, subtract: false, withCarry: false, store: true));
        t.Add(Mnemonic.Adc, e => AddSub(e, subtract: false, withCarry: true, store: true));
        t.Add(Mnemonic.Sub, e => AddSub(e, subtract: true, withCarry: false, store: true));
        t.Add(Mnemonic.Sbb, e => AddSub(e, subtract: true, withCarry: true, store: true));
        t.Add(Mnemonic.Cmp, e => AddSub(e, subtract: true, withCarry: false, store: false));
        t.Add(Mnemonic.Inc, e => IncDec(e, increment: true));
        t.Add(Mnemonic.Dec, e => IncDec(e, increment: false));
        t.Add(Mnemonic.Neg, Neg);
        t.Add(Mnemonic.Mul, e => MulWide(e, signed: false));
        t.Add(Mnemonic.Imul, Imul);
        t.Add(Mnemonic.Div, e => Divide(e, signed: false));
        t.Add(Mnemonic.Idiv, e => Divide(e, signed: true));
        t.Add(Mnemonic.Aaa, e => AsciiAdjust(e, add: true));
        t.Add(Mnemonic.Aas, e => AsciiAdjust(e, add: false));
        t.Add(Mnemonic.Daa, e => DecimalAdjust(e, add: true));
        t.Add(Mnemonic.Das, e => DecimalAdjust(e, add: false));
        t.Add(Mnemonic.Aam, Aam);
        t.Add(Mnemonic.Aad, Aad);
    }

    private static void AddSub(Emitter e, bool subtract, bool withCarry, bool store)
    {
        int bits = e.OpBits(0);
        var b = e.Read(1, bits);
        LLVMValueRef? carry = withCarry ? e.GetFlag(Flag.CF) : null;
        LLVMValueRef Compute(LLVMValueRef a)
        {
            var r = subtract ? e.Sub(a, b) : e.Add(a, b);
            if (carry is not { } c) return r;
            var wideCarry = e.ZExt(c, bits);
            return subtract ? e.Sub(r, wideCarry) : e.Add(r, wideCarry);
        }
        bool locked = store && e.IsLockedMemoryDestination;
        LLVMValueRef a = !locked ? e.Read(0, bits)
            : withCarry ? e.AtomicUpdate(bits, Compute)
            : e.AtomicRmw(subtract ? LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpSub : LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAdd, b);
        var result = Compute(a);
        if (subtract) e.SetSubFlags(a, b, result, carry);
        else e.SetAddFlags(a, b, result, carry);
        if (store && !locked) e.Write(0, result);
    }

    private static void IncDec(Emitter e, bool increment)
    {
        int bits = e.OpBits(0);
        var one = e.Const(bits, 1);
        bool locked = e.IsLockedMemoryDestination;
        var a = locked
            ? e.AtomicRmw(increment ? LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAdd : LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpSub, one)
            : e.Read(0, bits);
        var cf = e.GetFlag(Flag.CF);
        var result = increment ? e.Add(a, one) : e.Sub(a, one);
        if (increment) e.SetAddFlags(a, one, result);
        else e.SetSubFlags(a, one, result);
        e.SetFlag(Flag.CF, cf);
        if (!locked) e.Write(0, result);
    }

    private static void Neg(Emitter e)
    {
        int bits = e.OpBits(0);
        var zero = e.Const(bits, 0);
        bool locked = e.IsLockedMemoryDestination;
        var a = locked ? e.AtomicUpdate(bits, old => e.Sub(zero, old)) : e.Read(0, bits);
        var result = e.Sub(zero, a);
        e.SetSubFlags(zero, a, result);
        if (!locked) e.Write(0, result);
    }

    private static Iced.Intel.Register Acc(int bits) => bits switch
    {
        8 => Iced.Intel.Register.AL, 16 => Iced.Intel.Register.AX, 32 => Iced.Intel.Register.EAX, _ => Iced.Intel.Register.RAX,
    };

    private static Iced.Intel.Register High(int bits) => bits switch
    {
        8 => Iced.Intel.Register.AH, 16 => Iced.Intel.Register.DX, 32 => Iced.Intel.Register.EDX, _ => Iced.Intel.Register.RDX,
    };

    /// <summary>One-operand mul/imul: rDX:rAX = rAX * src (AX = AL * src for bytes).</summary>
    private static void MulWide(Emitter e, bool signed)
    {
        int bits = e.OpBits(0);
        var a = e.GetGpr(Acc(bits));
        var b = e.Read(0, bits);
        var wide = signed ? e.Mul(e.SExt(a, bits * 2), e.SExt(b, bits * 2)) : e.Mul(e.ZExt(a, bits * 2), e.ZExt(b, bits * 2));
        var low = e.Trunc(wide, bits);
        var high = e.Trunc(e.LShr(wide, bits), bits);
        if (bits == 8) e.SetGpr(Iced.Intel.Register.AX, wide);
        else
        {
            e.SetGpr(Acc(bits), low);
            e.SetGpr(High(bits), high);
        }
        var overflow = signed ? e.Ne(e.SExt(low, bits * 2), wide) : e.IsNonZero(high);
        SetMulFlags(e, overflow, low);
    }

    private static void SetMulFlags(Emitter e, LLVMValueRef overflow, LLVMValueRef low)
    {
        e.SetFlag(Flag.CF, overflow);
        e.SetFlag(Flag.OF, overflow);
        e.SetFlag(Flag.AF, e.False);
        e.SetResultFlags(low);
    }

    private static void Imul(Emitter e)
    {
        if (e.Insn.OpCount == 1)
        {
            MulWide(e, signed: true);
            return;
        }
        int bits = e.OpBits(0);
        var a = e.Insn.OpCount == 3 ? e.Read(1, bits) : e.Read(0, bits);
        var b = e.Insn.OpCount == 3 ? e.Read(2, bits) : e.Read(1, bits);
        var wide = e.Mul(e.SExt(a, bits * 2), e.SExt(b, bits * 2));
        var low = e.Trunc(wide, bits);
        SetMulFlags(e, e.Ne(e.SExt(low, bits * 2), wide), low);
        e.Write(0, low);
    }

    /// <summary>div/idiv: rDX:rAX / src; a zero divisor or a quotient that does not fit raises #DE (SIGFPE).</summary>
    private static void Divide(Emitter e, bool signed)
    {
        int bits = e.OpBits(0);
        var divisor = e.Read(0, bits);
        LLVMValueRef dividend = bits == 8
            ? e.GetGpr(Iced.Intel.Register.AX)
            : e.Or(e.Shl(e.ZExt(e.GetGpr(High(bits)), bits * 2), bits), e.ZExt(e.GetGpr(Acc(bits)), bits * 2));
        e.TrapIf(e.IsZero(divisor), TrapKind.Divide, "divide error");
        if (signed)
        {
            // MIN / -1 at double width is undefined in LLVM and a #DE on x86: check it before dividing.
            var min = bits * 2 == 128 ? e.Shl(e.Const(128, 1), 127) : e.Const(bits * 2, 1UL << (bits * 2 - 1));
            e.TrapIf(e.And(e.Eq(dividend, min), e.Eq(divisor, e.Const(bits, ulong.MaxValue))), TrapKind.Divide, "divide error");
        }
        var wideDivisor = signed ? e.SExt(divisor, bits * 2) : e.ZExt(divisor, bits * 2);
        var quotient = signed ? e.SDiv(dividend, wideDivisor) : e.UDiv(dividend, wideDivisor);
        var remainder = signed ? e.SRem(dividend, wideDivisor) : e.URem(dividend, wideDivisor);
        var q = e.Trunc(quotient, bits);
        var fits = signed ? e.Eq(e.SExt(q, bits * 2), quotient) : e.Eq(e.ZExt(q, bits * 2), quotient);
        e.TrapIf(e.Not(fits), TrapKind.Divide, "divide error");
        var r = e.Trunc(remainder, bits);
        if (bits == 8)
        {
            e.SetGpr(Iced.Intel.Register.AL, q);
            e.SetGpr(Iced.Intel.Register.AH, r);
        }
        else
        {
            e.SetGpr(Acc(bits), q);
            e.SetGpr(High(bits), r);
        }
    }

    // ---- i386-only BCD adjustments (pseudo-code of the Intel SDM) ----

    private static LLVMValueRef LowNibbleAbove9OrAf(Emitter e, LLVMValueRef al) =>
        e.Or(e.Ugt(e.And(al, e.Const(8, 0xf)), e.Const(8, 9)), e.GetFlag(Flag.AF));

    /// <summary>aaa: AX += 0x106 / aas: AX -= 6, AH -= 1, when the low nibble is above 9 or AF; AL keeps its low
    /// nibble. AF = CF = whether it adjusted; OF, SF, ZF, PF are undefined (left as computed from AL).</summary>
    private static void AsciiAdjust(Emitter e, bool add)
    {
        var ax = e.GetGpr(Iced.Intel.Register.AX);
        var adjust = LowNibbleAbove9OrAf(e, e.Trunc(ax, 8));
        var adjusted = add ? e.Add(ax, e.Const(16, 0x106)) : e.Sub(e.Sub(ax, e.Const(16, 6)), e.Const(16, 0x100));
        var result = e.And(e.Select(adjust, adjusted, ax), e.Const(16, 0xff0f));
        e.SetGpr(Iced.Intel.Register.AX, result);
        e.SetFlag(Flag.AF, adjust);
        e.SetFlag(Flag.CF, adjust);
        e.SetFlag(Flag.OF, e.False);
        e.SetResultFlags(e.Trunc(result, 8));
    }

    /// <summary>daa/das: adjust AL by 6 when the low nibble is above 9 or AF, then by 0x60 when the old AL was above
    /// 0x99 or CF. SF, ZF, PF from the result; OF undefined.</summary>
    private static void DecimalAdjust(Emitter e, bool add)
    {
        var al = e.GetGpr(Iced.Intel.Register.AL);
        var oldCf = e.GetFlag(Flag.CF);
        var low = LowNibbleAbove9OrAf(e, al);
        var six = e.Const(8, 6);
        var step1 = e.Select(low, add ? e.Add(al, six) : e.Sub(al, six), al);
        var carry1 = add ? e.Ult(step1, al) : e.Ult(al, six);
        var cf1 = e.And(low, e.Or(oldCf, carry1));
        var high = e.Or(e.Ugt(al, e.Const(8, 0x99)), oldCf);
        var sixty = e.Const(8, 0x60);
        var result = e.Select(high, add ? e.Add(step1, sixty) : e.Sub(step1, sixty), step1);
        e.SetGpr(Iced.Intel.Register.AL, result);
        e.SetFlag(Flag.AF, low);
        e.SetFlag(Flag.CF, add ? high : e.Or(high, cf1));
        e.SetFlag(Flag.OF, e.False);
        e.SetResultFlags(result);
    }

    /// <summary>aam imm8: AH = AL / imm8, AL = AL % imm8 (imm8 = 0 is #DE).</summary>
    private static void Aam(Emitter e)
    {
        byte radix = e.Insn.Immediate8;
        if (radix == 0)
        {
            e.Trap(TrapKind.Divide, "divide error");
            e.PositionAt(e.NewBlock("after_aam"));
            return;
        }
        var al = e.GetGpr(Iced.Intel.Register.AL);
        var quotient = e.UDiv(al, e.Const(8, radix));
        var remainder = e.URem(al, e.Const(8, radix));
        e.SetGpr(Iced.Intel.Register.AX, e.Or(e.Shl(e.ZExt(quotient, 16), 8), e.ZExt(remainder, 16)));
        SetAdjustResultFlags(e, remainder);
    }

    /// <summary>aad imm8: AL = AL + AH * imm8, AH = 0.</summary>
    private static void Aad(Emitter e)
    {
        var al = e.GetGpr(Iced.Intel.Register.AL);
        var ah = e.GetGpr(Iced.Intel.Register.AH);
        var result = e.Add(al, e.Mul(ah, e.Const(8, e.Insn.Immediate8)));
        e.SetGpr(Iced.Intel.Register.AX, e.ZExt(result, 16));
        SetAdjustResultFlags(e, result);
    }

    /// <summary>SF, ZF, PF from AL; OF, AF, CF are undefined (cleared).</summary>
    private static void SetAdjustResultFlags(Emitter e, LLVMValueRef al)
    {
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.AF, e.False);
        e.SetFlag(Flag.CF, e.False);
        e.SetResultFlags(al);
    }
}
