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
    }

    private static void AddSub(Emitter e, bool subtract, bool withCarry, bool store)
    {
        int bits = e.OpBits(0);
        var a = e.Read(0, bits);
        var b = e.Read(1, bits);
        LLVMValueRef? carry = withCarry ? e.GetFlag(Flag.CF) : null;
        var result = subtract ? e.Sub(a, b) : e.Add(a, b);
        if (carry is { } c)
        {
            var c64 = e.ZExt(c, bits);
            result = subtract ? e.Sub(result, c64) : e.Add(result, c64);
        }
        if (subtract) e.SetSubFlags(a, b, result, carry);
        else e.SetAddFlags(a, b, result, carry);
        if (store) e.Write(0, result);
    }

    private static void IncDec(Emitter e, bool increment)
    {
        int bits = e.OpBits(0);
        var a = e.Read(0, bits);
        var one = e.Const(bits, 1);
        var cf = e.GetFlag(Flag.CF);
        var result = increment ? e.Add(a, one) : e.Sub(a, one);
        if (increment) e.SetAddFlags(a, one, result);
        else e.SetSubFlags(a, one, result);
        e.SetFlag(Flag.CF, cf);
        e.Write(0, result);
    }

    private static void Neg(Emitter e)
    {
        int bits = e.OpBits(0);
        var a = e.Read(0, bits);
        var zero = e.Const(bits, 0);
        var result = e.Sub(zero, a);
        e.SetSubFlags(zero, a, result);
        e.Write(0, result);
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
}
