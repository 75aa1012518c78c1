using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>Shifts and rotates: shl/sal, shr, sar, rol, ror, rcl, rcr, shld, shrd and the BMI2 flagless forms.</summary>
public static class Shift
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Shl, e => ShiftOp(e, ShiftKind.Shl));
        t.Add(Mnemonic.Sal, e => ShiftOp(e, ShiftKind.Shl));
        t.Add(Mnemonic.Shr, e => ShiftOp(e, ShiftKind.Shr));
        t.Add(Mnemonic.Sar, e => ShiftOp(e, ShiftKind.Sar));
        t.Add(Mnemonic.Rol, e => Rotate(e, left: true));
        t.Add(Mnemonic.Ror, e => Rotate(e, left: false));
        t.Add(Mnemonic.Rcl, e => RotateCarry(e, left: true));
        t.Add(Mnemonic.Rcr, e => RotateCarry(e, left: false));
        t.Add(Mnemonic.Shld, e => DoubleShift(e, left: true));
        t.Add(Mnemonic.Shrd, e => DoubleShift(e, left: false));
        t.Add(Mnemonic.Shlx, e => ShiftX(e, ShiftKind.Shl));
        t.Add(Mnemonic.Shrx, e => ShiftX(e, ShiftKind.Shr));
        t.Add(Mnemonic.Sarx, e => ShiftX(e, ShiftKind.Sar));
        t.Add(Mnemonic.Rorx, Rorx);
    }

    private enum ShiftKind { Shl, Shr, Sar }

    /// <summary>The shift count operand masked to 5 bits (6 for 64-bit operands), as an integer of <paramref name="bits"/>.</summary>
    private static LLVMValueRef MaskedCount(Emitter e, int op, int operandBits, int bits)
    {
        var count = e.Read(op, 8);
        count = e.And(count, e.Const(8, operandBits == 64 ? 0x3fUL : 0x1fUL));
        return e.ZExt(count, bits);
    }

    /// <summary>Sets a flag to <paramref name="value"/> unless <paramref name="keep"/> holds (count 0).</summary>
    private static void SetFlagUnless(Emitter e, LLVMValueRef keep, Flag f, LLVMValueRef value) =>
        e.SetFlag(f, e.Select(keep, e.GetFlag(f), value));

    private static LLVMValueRef BitAt(Emitter e, LLVMValueRef v, LLVMValueRef pos) => e.Trunc(e.LShr(v, pos), 1);

    private static void ShiftOp(Emitter e, ShiftKind kind)
    {
        int w = e.OpBits(0);
        int wide = w == 64 ? 128 : 64;
        var x = e.Read(0, w);
        var c = MaskedCount(e, 1, w, wide);
        var zero = e.IsZero(c);
        LLVMValueRef result, cf, of;
        switch (kind)
        {
            case ShiftKind.Shl:
            {
                var shifted = e.Shl(e.ZExt(x, wide), c);
                result = e.Trunc(shifted, w);
                cf = e.Trunc(e.LShr(shifted, w), 1);
                of = e.Xor(e.SignBit(result), cf);
                break;
            }
            case ShiftKind.Shr:
            {
                var xw = e.ZExt(x, wide);
                result = e.Trunc(e.LShr(xw, c), w);
                // c - 1 wraps to all ones for c = 0; the flags are then kept anyway.
                cf = BitAt(e, xw, e.And(e.Sub(c, e.Const(wide, 1)), e.Const(wide, (ulong)(wide - 1))));
                // OF: the sign of the original operand (count 1); the same formula as the hardware for larger counts.
                of = e.SignBit(x);
                break;
            }
            default:
            {
                var xw = e.SExt(x, wide);
                result = e.Trunc(e.AShr(xw, c), w);
                cf = BitAt(e, xw, e.And(e.Sub(c, e.Const(wide, 1)), e.Const(wide, (ulong)(wide - 1))));
                of = e.False;
                break;
            }
        }
        SetFlagUnless(e, zero, Flag.CF, cf);
        SetFlagUnless(e, zero, Flag.OF, of);
        SetFlagUnless(e, zero, Flag.ZF, e.IsZero(result));
        SetFlagUnless(e, zero, Flag.SF, e.SignBit(result));
        SetFlagUnless(e, zero, Flag.PF, e.Parity(result));
        SetFlagUnless(e, zero, Flag.AF, e.False);
        e.Write(0, result);
    }

    private static void Rotate(Emitter e, bool left)
    {
        int w = e.OpBits(0);
        var x = e.Read(0, w);
        var masked = MaskedCount(e, 1, w, 8);
        var zero = e.IsZero(masked);
        var n = e.ZExt(masked, w);
        var result = left ? e.Fshl(x, x, n) : e.Fshr(x, x, n);
        LLVMValueRef cf, of;
        if (left)
        {
            cf = e.Trunc(result, 1);
            of = e.Xor(e.SignBit(result), cf);
        }
        else
        {
            cf = e.SignBit(result);
            of = e.Xor(cf, e.Trunc(e.LShr(result, w - 2), 1));
        }
        SetFlagUnless(e, zero, Flag.CF, cf);
        SetFlagUnless(e, zero, Flag.OF, of);
        e.Write(0, result);
    }

    /// <summary>rcl/rcr: a (w+1)-bit rotation of CF:operand, done in i128.</summary>
    private static void RotateCarry(Emitter e, bool left)
    {
        int w = e.OpBits(0);
        int size = w + 1;
        var x = e.Read(0, w);
        var oldCf = e.GetFlag(Flag.CF);
        var masked = MaskedCount(e, 1, w, 128);
        var zero = e.IsZero(masked);
        var n = w < 32 ? e.URem(masked, e.Const(128, (ulong)size)) : masked;
        // Right rotation by n is a left rotation by size - n.
        if (!left) n = e.Select(e.IsZero(n), n, e.Sub(e.Const(128, (ulong)size), n));
        var v = e.Or(e.ZExt(x, 128), e.Shl(e.ZExt(oldCf, 128), w));
        var mask = e.Sub(e.Shl(e.Const(128, 1), size), e.Const(128, 1));
        var rotated = e.And(e.Or(e.Shl(v, n), e.LShr(v, e.Sub(e.Const(128, (ulong)size), n))), mask);
        var result = e.Trunc(rotated, w);
        var cf = e.Trunc(e.LShr(rotated, w), 1);
        var of = left ? e.Xor(e.SignBit(result), cf) : e.Xor(e.SignBit(x), oldCf);
        SetFlagUnless(e, zero, Flag.CF, cf);
        SetFlagUnless(e, zero, Flag.OF, of);
        e.Write(0, result);
    }

    /// <summary>shld/shrd. 16-bit operands with counts above 16 follow the Intel behaviour: the shift runs over
    /// dst:src:dst (48 bits).</summary>
    private static void DoubleShift(Emitter e, bool left)
    {
        int w = e.OpBits(0);
        var dst = e.Read(0, w);
        var src = e.Read(1, w);
        int vb = w == 64 ? 128 : 64;
        var c = MaskedCount(e, 2, w, vb);
        var zero = e.IsZero(c);
        LLVMValueRef v;
        int top; // the width of the concatenation
        if (w == 16)
        {
            var d = e.ZExt(dst, 64);
            v = e.Or(e.Or(e.Shl(d, 32), e.Shl(e.ZExt(src, 64), 16)), d);
            top = 48;
        }
        else
        {
            var hi = left ? dst : src;
            var lo = left ? src : dst;
            v = e.Or(e.Shl(e.ZExt(hi, vb), w), e.ZExt(lo, vb));
            top = 2 * w;
        }
        LLVMValueRef result, cf;
        var one = e.Const(vb, 1);
        if (left)
        {
            // result = bits [top-1-c .. top-w-c] of v.
            result = e.Trunc(e.LShr(v, e.Sub(e.Const(vb, (ulong)(top - w)), c)), w);
            cf = BitAt(e, v, e.And(e.Sub(e.Const(vb, (ulong)top), c), e.Const(vb, (ulong)(vb - 1))));
        }
        else
        {
            result = e.Trunc(e.LShr(v, c), w);
            cf = BitAt(e, v, e.And(e.Sub(c, one), e.Const(vb, (ulong)(vb - 1))));
        }
        var of = e.Xor(e.SignBit(result), e.SignBit(dst));
        SetFlagUnless(e, zero, Flag.CF, cf);
        SetFlagUnless(e, zero, Flag.OF, of);
        SetFlagUnless(e, zero, Flag.ZF, e.IsZero(result));
        SetFlagUnless(e, zero, Flag.SF, e.SignBit(result));
        SetFlagUnless(e, zero, Flag.PF, e.Parity(result));
        SetFlagUnless(e, zero, Flag.AF, e.False);
        e.Write(0, e.Select(zero, dst, result));
    }

    private static void ShiftX(Emitter e, ShiftKind kind)
    {
        int w = e.OpBits(0);
        var x = e.Read(1, w);
        var c = e.And(e.Read(2, w), e.Const(w, (ulong)(w - 1)));
        var result = kind switch
        {
            ShiftKind.Shl => e.Shl(x, c),
            ShiftKind.Shr => e.LShr(x, c),
            _ => e.AShr(x, c),
        };
        e.Write(0, result);
    }

    private static void Rorx(Emitter e)
    {
        int w = e.OpBits(0);
        var x = e.Read(1, w);
        var n = e.Const(w, e.Insn.Immediate8 & (ulong)(w - 1));
        e.Write(0, e.Fshr(x, x, n));
    }
}
