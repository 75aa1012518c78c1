using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>Bit tests and scans, counts, BMI1/BMI2 bit manipulation, mulx, adcx/adox.</summary>
public static class Bit
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(Mnemonic.Bt, e => BitTest(e, BitOp.Test));
        t.Add(Mnemonic.Bts, e => BitTest(e, BitOp.Set));
        t.Add(Mnemonic.Btr, e => BitTest(e, BitOp.Reset));
        t.Add(Mnemonic.Btc, e => BitTest(e, BitOp.Complement));
        t.Add(Mnemonic.Bsf, e => BitScan(e, forward: true));
        t.Add(Mnemonic.Bsr, e => BitScan(e, forward: false));
        t.Add(Mnemonic.Tzcnt, e => CountZeros(e, trailing: true));
        t.Add(Mnemonic.Lzcnt, e => CountZeros(e, trailing: false));
        t.Add(Mnemonic.Popcnt, Popcnt);
        t.Add(Mnemonic.Andn, Andn);
        t.Add(Mnemonic.Bextr, Bextr);
        t.Add(Mnemonic.Blsi, Blsi);
        t.Add(Mnemonic.Blsmsk, Blsmsk);
        t.Add(Mnemonic.Blsr, Blsr);
        t.Add(Mnemonic.Bzhi, Bzhi);
        t.Add(Mnemonic.Pdep, e => DepositExtract(e, deposit: true));
        t.Add(Mnemonic.Pext, e => DepositExtract(e, deposit: false));
        t.Add(Mnemonic.Mulx, Mulx);
        t.Add(Mnemonic.Adcx, e => AddCarryOnly(e, Flag.CF));
        t.Add(Mnemonic.Adox, e => AddCarryOnly(e, Flag.OF));
    }

    private enum BitOp { Test, Set, Reset, Complement }

    private static int Log2(int w) => w switch { 8 => 3, 16 => 4, 32 => 5, _ => 6 };

    private static void BitTest(Emitter e, BitOp op)
    {
        int w = e.OpBits(0);
        var offset = e.Read(1, w);
        var index = e.And(offset, e.Const(w, (ulong)(w - 1)));
        var bitMask = e.Shl(e.Const(w, 1), index);
        if (!e.IsMemory(0))
        {
            var value = e.Read(0, w);
            e.SetFlag(Flag.CF, e.IsNonZero(e.And(value, bitMask)));
            if (op != BitOp.Test) e.Write(0, Apply(e, op, value, bitMask));
            return;
        }
        var address = e.Address();
        if (e.IsRegister(1))
        {
            // A register bit offset reaches beyond the operand: it is a signed index into a bit string.
            var units = e.AShr(offset, Log2(w));
            var bytes = e.Shl(e.SExt(units, 64), Log2(w) - 3);
            address = e.Add(address, bytes);
            if (!e.Is64) address = e.ZExt(e.Trunc(address, 32), 64);
        }
        LLVMValueRef old;
        if (op != BitOp.Test && e.Insn.HasLockPrefix)
        {
            var (rmw, operand) = op switch
            {
                BitOp.Set => (LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpOr, bitMask),
                BitOp.Reset => (LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpAnd, e.Not(bitMask)),
                _ => (LLVMAtomicRMWBinOp.LLVMAtomicRMWBinOpXor, bitMask),
            };
            old = e.AtomicRmwAt(address, rmw, operand);
        }
        else
        {
            old = e.Load(address, e.T.Int(w));
            if (op != BitOp.Test) e.Store(address, Apply(e, op, old, bitMask));
        }
        e.SetFlag(Flag.CF, e.IsNonZero(e.And(old, bitMask)));
    }

    private static LLVMValueRef Apply(Emitter e, BitOp op, LLVMValueRef value, LLVMValueRef bitMask) => op switch
    {
        BitOp.Set => e.Or(value, bitMask),
        BitOp.Reset => e.And(value, e.Not(bitMask)),
        _ => e.Xor(value, bitMask),
    };

    /// <summary>Writes a register destination only when <paramref name="write"/> holds (the whole 64-bit register is
    /// kept otherwise, as the hardware leaves it unchanged).</summary>
    private static void ConditionalWrite(Emitter e, LLVMValueRef write, LLVMValueRef value)
    {
        var r = e.Insn.Op0Register;
        int index = Emitter.GprIndex(r);
        var old = e.GetGpr64(index);
        e.SetGpr(r, value);
        var updated = e.GetGpr64(index);
        e.SetGpr64(index, e.Select(write, updated, old));
    }

    private static void BitScan(Emitter e, bool forward)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var zero = e.IsZero(src);
        var result = forward ? e.Cttz(src, false) : e.Sub(e.Const(w, (ulong)(w - 1)), e.Ctlz(src, false));
        e.SetFlag(Flag.ZF, zero);
        // CF, OF, SF, AF and PF are undefined: cleared here (PF from the result).
        e.SetFlag(Flag.CF, e.False);
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.SF, e.False);
        e.SetFlag(Flag.AF, e.False);
        e.SetFlag(Flag.PF, e.Parity(result));
        ConditionalWrite(e, e.Not(zero), result);
    }

    private static void CountZeros(Emitter e, bool trailing)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var result = trailing ? e.Cttz(src, false) : e.Ctlz(src, false);
        e.SetFlag(Flag.CF, e.IsZero(src));
        e.SetFlag(Flag.ZF, e.IsZero(result));
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.SF, e.False);
        e.SetFlag(Flag.AF, e.False);
        e.SetFlag(Flag.PF, e.Parity(result));
        e.Write(0, result);
    }

    private static void Popcnt(Emitter e)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        e.SetFlag(Flag.ZF, e.IsZero(src));
        e.SetFlag(Flag.CF, e.False);
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.SF, e.False);
        e.SetFlag(Flag.AF, e.False);
        e.SetFlag(Flag.PF, e.False);
        e.Write(0, e.Ctpop(src));
    }

    /// <summary>Flags shared by the BMI1/BMI2 operations: SF/ZF from the result, OF = 0, AF/PF undefined (kept as
    /// the parity / cleared).</summary>
    private static void BmiFlags(Emitter e, LLVMValueRef result, LLVMValueRef cf)
    {
        e.SetFlag(Flag.CF, cf);
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.ZF, e.IsZero(result));
        e.SetFlag(Flag.SF, e.SignBit(result));
        e.SetFlag(Flag.AF, e.False);
        e.SetFlag(Flag.PF, e.Parity(result));
    }

    private static void Andn(Emitter e)
    {
        int w = e.OpBits(0);
        var result = e.And(e.Not(e.Read(1, w)), e.Read(2, w));
        BmiFlags(e, result, e.False);
        e.Write(0, result);
    }

    /// <summary>All ones below bit <paramref name="n"/> (n in 0..255 as i64), saturating at the width.</summary>
    private static LLVMValueRef LowMask(Emitter e, int w, LLVMValueRef n)
    {
        var big = e.Ugt(n, e.Const(64, (ulong)(w - 1)));
        var safe = e.Select(big, e.Const(64, 0), n);
        var mask = e.Sub(e.Shl(e.Const(w, 1), e.Trunc(safe, w)), e.Const(w, 1));
        return e.Select(big, e.Const(w, ulong.MaxValue), mask);
    }

    private static void Bextr(Emitter e)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var control = e.ZExt(e.Read(2, w), 64);
        var start = e.And(control, e.Const(64, 0xff));
        var length = e.And(e.LShr(control, 8), e.Const(64, 0xff));
        var startBig = e.Ugt(start, e.Const(64, (ulong)(w - 1)));
        var shifted = e.LShr(src, e.Trunc(e.Select(startBig, e.Const(64, 0), start), w));
        shifted = e.Select(startBig, e.Const(w, 0), shifted);
        var result = e.And(shifted, LowMask(e, w, length));
        BmiFlags(e, result, e.False);
        e.Write(0, result);
    }

    private static void Blsi(Emitter e)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var result = e.And(e.Neg(src), src);
        BmiFlags(e, result, e.IsNonZero(src));
        e.Write(0, result);
    }

    private static void Blsmsk(Emitter e)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var result = e.Xor(e.Sub(src, e.Const(w, 1)), src);
        BmiFlags(e, result, e.IsZero(src));
        e.SetFlag(Flag.ZF, e.False);
        e.Write(0, result);
    }

    private static void Blsr(Emitter e)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var result = e.And(e.Sub(src, e.Const(w, 1)), src);
        BmiFlags(e, result, e.IsZero(src));
        e.Write(0, result);
    }

    private static void Bzhi(Emitter e)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var n = e.And(e.ZExt(e.Read(2, w), 64), e.Const(64, 0xff));
        var result = e.And(src, LowMask(e, w, n));
        BmiFlags(e, result, e.Ugt(n, e.Const(64, (ulong)(w - 1))));
        e.Write(0, result);
    }

    /// <summary>pdep/pext, unrolled over the bits of the mask: bit i of the mask pairs with bit
    /// popcount(mask below i) of the packed value.</summary>
    private static void DepositExtract(Emitter e, bool deposit)
    {
        int w = e.OpBits(0);
        var src = e.Read(1, w);
        var mask = e.Read(2, w);
        var one = e.Const(w, 1);
        LLVMValueRef result = e.Const(w, 0);
        LLVMValueRef pos = e.Const(w, 0);
        for (int i = 0; i < w; i++)
        {
            var m = e.And(e.LShr(mask, i), one);
            if (deposit)
            {
                var bit = e.And(e.LShr(src, pos), m);
                result = e.Or(result, e.Shl(bit, i));
            }
            else
            {
                var bit = e.And(e.LShr(src, i), m);
                result = e.Or(result, e.Shl(bit, pos));
            }
            pos = e.Add(pos, m);
        }
        e.Write(0, result);
    }

    private static void Mulx(Emitter e)
    {
        int w = e.OpBits(0);
        var rdx = e.GetGpr(w == 64 ? Register.RDX : Register.EDX);
        var product = e.Mul(e.ZExt(rdx, 2 * w), e.ZExt(e.Read(2, w), 2 * w));
        e.Write(1, e.Trunc(product, w));
        e.Write(0, e.Trunc(e.LShr(product, w), w));
    }

    private static void AddCarryOnly(Emitter e, Flag carryFlag)
    {
        int w = e.OpBits(0);
        var a = e.Read(0, w);
        var b = e.Read(1, w);
        var cin = e.GetFlag(carryFlag);
        var sum = e.Add(e.Add(a, b), e.ZExt(cin, w));
        e.SetFlag(carryFlag, e.Select(cin, e.Ule(sum, a), e.Ult(sum, a)));
        e.Write(0, sum);
    }
}
