using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>Status-flag computation. Every flag is an i1 value; LLVM deletes the ones nothing reads.</summary>
public sealed partial class Emitter
{
    /// <summary>PF: set when the low byte of the result has an even number of one bits.</summary>
    public LLVMValueRef Parity(LLVMValueRef result) =>
        IsZero(Trunc(Ctpop(Trunc(result, 8)), 1));

    public LLVMValueRef SignBit(LLVMValueRef v) => IsNegative(v);

    /// <summary>ZF, SF and PF from a result.</summary>
    public void SetResultFlags(LLVMValueRef result)
    {
        if (IsLive(Flag.ZF)) SetFlag(Flag.ZF, IsZero(result));
        if (IsLive(Flag.SF)) SetFlag(Flag.SF, SignBit(result));
        if (IsLive(Flag.PF)) SetFlag(Flag.PF, Parity(result));
    }

    private LLVMValueRef AuxCarry(LLVMValueRef a, LLVMValueRef b, LLVMValueRef result) =>
        IsNonZero(And(Xor(Xor(a, b), result), Const(LLVMTypeOf(a), 0x10)));

    /// <summary>Flags of a + b (+ carryIn) = result.</summary>
    public void SetAddFlags(LLVMValueRef a, LLVMValueRef b, LLVMValueRef result, LLVMValueRef? carryIn = null)
    {
        if (IsLive(Flag.CF))
        {
            var carry = Ult(result, a);
            if (carryIn is { } cin) carry = Select(cin, Ule(result, a), carry);
            SetFlag(Flag.CF, carry);
        }
        if (IsLive(Flag.OF)) SetFlag(Flag.OF, SignBit(And(Xor(a, result), Xor(b, result))));
        if (IsLive(Flag.AF)) SetFlag(Flag.AF, AuxCarry(a, b, result));
        SetResultFlags(result);
    }

    /// <summary>The operands of the last cmp/sub, while the flags are still exactly its flags and code is still
    /// emitted in the block that computed them: a condition on them is then one compare of the operands (signed
    /// conditions would otherwise rebuild SF != OF bit by bit).</summary>
    private (LLVMValueRef A, LLVMValueRef B, LLVMBasicBlockRef Block)? _lastCompare;
    private bool _settingCompareFlags;

    /// <summary>Flags of a - b (- borrowIn) = result.</summary>
    public void SetSubFlags(LLVMValueRef a, LLVMValueRef b, LLVMValueRef result, LLVMValueRef? borrowIn = null)
    {
        _settingCompareFlags = true;
        SetSubFlagsBitwise(a, b, result, borrowIn);
        _settingCompareFlags = false;
        _lastCompare = borrowIn == null ? (a, b, LLVMGetInsertBlock(B)) : null;
    }

    private void SetSubFlagsBitwise(LLVMValueRef a, LLVMValueRef b, LLVMValueRef result, LLVMValueRef? borrowIn)
    {
        if (IsLive(Flag.CF))
        {
            var borrow = Ult(a, b);
            if (borrowIn is { } bin) borrow = Select(bin, Ule(a, b), borrow);
            SetFlag(Flag.CF, borrow);
        }
        if (IsLive(Flag.OF)) SetFlag(Flag.OF, SignBit(And(Xor(a, b), Xor(a, result))));
        if (IsLive(Flag.AF)) SetFlag(Flag.AF, AuxCarry(a, b, result));
        SetResultFlags(result);
    }

    /// <summary>Flags of and/or/xor/test: CF = OF = 0, AF cleared (undefined on x86).</summary>
    public void SetLogicFlags(LLVMValueRef result)
    {
        SetFlag(Flag.CF, False);
        SetFlag(Flag.OF, False);
        SetFlag(Flag.AF, False);
        SetResultFlags(result);
    }

    /// <summary>Evaluates an x86 condition code on the current flags.</summary>
    public LLVMValueRef Condition(ConditionCode cc)
    {
        if (_lastCompare is { } c && c.Block == LLVMGetInsertBlock(B) && CompareCondition(cc) is { } predicate)
            return ICmp(predicate, c.A, c.B);
        switch (cc)
        {
            case ConditionCode.o: return GetFlag(Flag.OF);
            case ConditionCode.no: return Not(GetFlag(Flag.OF));
            case ConditionCode.b: return GetFlag(Flag.CF);
            case ConditionCode.ae: return Not(GetFlag(Flag.CF));
            case ConditionCode.e: return GetFlag(Flag.ZF);
            case ConditionCode.ne: return Not(GetFlag(Flag.ZF));
            case ConditionCode.be: return Or(GetFlag(Flag.CF), GetFlag(Flag.ZF));
            case ConditionCode.a: return Not(Or(GetFlag(Flag.CF), GetFlag(Flag.ZF)));
            case ConditionCode.s: return GetFlag(Flag.SF);
            case ConditionCode.ns: return Not(GetFlag(Flag.SF));
            case ConditionCode.p: return GetFlag(Flag.PF);
            case ConditionCode.np: return Not(GetFlag(Flag.PF));
            case ConditionCode.l: return Xor(GetFlag(Flag.SF), GetFlag(Flag.OF));
            case ConditionCode.ge: return Not(Xor(GetFlag(Flag.SF), GetFlag(Flag.OF)));
            case ConditionCode.le: return Or(GetFlag(Flag.ZF), Xor(GetFlag(Flag.SF), GetFlag(Flag.OF)));
            case ConditionCode.g: return Not(Or(GetFlag(Flag.ZF), Xor(GetFlag(Flag.SF), GetFlag(Flag.OF))));
            default: throw new UnsupportedInstructionException($"condition {cc}");
        }
    }

    private static LLVMIntPredicate? CompareCondition(ConditionCode cc) => cc switch
    {
        ConditionCode.e => LLVMIntPredicate.LLVMIntEQ,
        ConditionCode.ne => LLVMIntPredicate.LLVMIntNE,
        ConditionCode.b => LLVMIntPredicate.LLVMIntULT,
        ConditionCode.ae => LLVMIntPredicate.LLVMIntUGE,
        ConditionCode.be => LLVMIntPredicate.LLVMIntULE,
        ConditionCode.a => LLVMIntPredicate.LLVMIntUGT,
        ConditionCode.l => LLVMIntPredicate.LLVMIntSLT,
        ConditionCode.ge => LLVMIntPredicate.LLVMIntSGE,
        ConditionCode.le => LLVMIntPredicate.LLVMIntSLE,
        ConditionCode.g => LLVMIntPredicate.LLVMIntSGT,
        _ => null,
    };

    /// <summary>Anything that writes a flag other than SetSubFlags ends the cmp/sub shortcut.</summary>
    private void ForgetCompare()
    {
        if (!_settingCompareFlags) _lastCompare = null;
    }
}
