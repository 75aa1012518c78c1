using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>Types of one LLVM context that the lifter uses.</summary>
public sealed class IrTypes
{
    public readonly LLVMContextRef Context;
    public readonly LLVMTypeRef Void, I1, I8, I16, I32, I64, I128, Ptr, F32, F64;
    public readonly LLVMTypeRef V16I8, V8I16, V4I32, V2I64, V4F32, V2F64;
    /// <summary>i64 unit(ptr state, i64 entry_pc)</summary>
    public readonly LLVMTypeRef UnitFn;

    public IrTypes(LLVMContextRef context)
    {
        Context = context;
        Void = LLVMVoidTypeInContext(context);
        I1 = LLVMInt1TypeInContext(context);
        I8 = LLVMInt8TypeInContext(context);
        I16 = LLVMInt16TypeInContext(context);
        I32 = LLVMInt32TypeInContext(context);
        I64 = LLVMInt64TypeInContext(context);
        I128 = LLVMInt128TypeInContext(context);
        Ptr = LLVMPointerTypeInContext(context, 0);
        F32 = LLVMFloatTypeInContext(context);
        F64 = LLVMDoubleTypeInContext(context);
        V16I8 = LLVMVectorType(I8, 16);
        V8I16 = LLVMVectorType(I16, 8);
        V4I32 = LLVMVectorType(I32, 4);
        V2I64 = LLVMVectorType(I64, 2);
        V4F32 = LLVMVectorType(F32, 4);
        V2F64 = LLVMVectorType(F64, 2);
        UnitFn = LLVMFunctionType(I64, new[] { Ptr, I64 }, 2, 0);
    }

    public LLVMTypeRef Int(int bits) => bits switch
    {
        1 => I1, 8 => I8, 16 => I16, 32 => I32, 64 => I64, 128 => I128,
        _ => LLVMIntTypeInContext(Context, (uint)bits),
    };

    public static int BitsOf(LLVMTypeRef t) => (int)LLVMGetIntTypeWidth(t);
}

/// <summary>Short names over an LLVM builder, so semantics read like the manual's pseudo-code.</summary>
public class IrBuilder
{
    public readonly LLVMBuilderRef B;
    public readonly IrTypes T;
    public readonly LLVMModuleRef Module;

    public IrBuilder(LLVMBuilderRef builder, IrTypes types, LLVMModuleRef module)
    {
        B = builder;
        T = types;
        Module = module;
    }

    public LLVMValueRef Const(int bits, ulong value) => LLVMConstInt(T.Int(bits), value, 0);
    public LLVMValueRef Const(LLVMTypeRef type, ulong value) => LLVMConstInt(type, value, 0);
    public LLVMValueRef True => Const(1, 1);
    public LLVMValueRef False => Const(1, 0);
    public static int Bits(LLVMValueRef v) => (int)LLVMGetIntTypeWidth(LLVMTypeOf(v));

    public LLVMValueRef Add(LLVMValueRef a, LLVMValueRef b) => LLVMBuildAdd(B, a, b, "");
    public LLVMValueRef Sub(LLVMValueRef a, LLVMValueRef b) => LLVMBuildSub(B, a, b, "");
    public LLVMValueRef Mul(LLVMValueRef a, LLVMValueRef b) => LLVMBuildMul(B, a, b, "");
    public LLVMValueRef UDiv(LLVMValueRef a, LLVMValueRef b) => LLVMBuildUDiv(B, a, b, "");
    public LLVMValueRef SDiv(LLVMValueRef a, LLVMValueRef b) => LLVMBuildSDiv(B, a, b, "");
    public LLVMValueRef URem(LLVMValueRef a, LLVMValueRef b) => LLVMBuildURem(B, a, b, "");
    public LLVMValueRef SRem(LLVMValueRef a, LLVMValueRef b) => LLVMBuildSRem(B, a, b, "");
    public LLVMValueRef And(LLVMValueRef a, LLVMValueRef b) => LLVMBuildAnd(B, a, b, "");
    public LLVMValueRef Or(LLVMValueRef a, LLVMValueRef b) => LLVMBuildOr(B, a, b, "");
    public LLVMValueRef Xor(LLVMValueRef a, LLVMValueRef b) => LLVMBuildXor(B, a, b, "");
    public LLVMValueRef Not(LLVMValueRef a) => LLVMBuildNot(B, a, "");
    public LLVMValueRef Neg(LLVMValueRef a) => LLVMBuildNeg(B, a, "");
    public LLVMValueRef Shl(LLVMValueRef a, LLVMValueRef b) => LLVMBuildShl(B, a, b, "");
    public LLVMValueRef LShr(LLVMValueRef a, LLVMValueRef b) => LLVMBuildLShr(B, a, b, "");
    public LLVMValueRef AShr(LLVMValueRef a, LLVMValueRef b) => LLVMBuildAShr(B, a, b, "");
    public LLVMValueRef Shl(LLVMValueRef a, int n) => Shl(a, Const(LLVMTypeOf(a), (ulong)n));
    public LLVMValueRef LShr(LLVMValueRef a, int n) => LShr(a, Const(LLVMTypeOf(a), (ulong)n));
    public LLVMValueRef AShr(LLVMValueRef a, int n) => AShr(a, Const(LLVMTypeOf(a), (ulong)n));

    public LLVMValueRef Eq(LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, LLVMIntPredicate.LLVMIntEQ, a, b, "");
    public LLVMValueRef Ne(LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, LLVMIntPredicate.LLVMIntNE, a, b, "");
    public LLVMValueRef Ult(LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, LLVMIntPredicate.LLVMIntULT, a, b, "");
    public LLVMValueRef Ule(LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, LLVMIntPredicate.LLVMIntULE, a, b, "");
    public LLVMValueRef Ugt(LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, LLVMIntPredicate.LLVMIntUGT, a, b, "");
    public LLVMValueRef Slt(LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, LLVMIntPredicate.LLVMIntSLT, a, b, "");
    public LLVMValueRef Sgt(LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, LLVMIntPredicate.LLVMIntSGT, a, b, "");
    public LLVMValueRef IsZero(LLVMValueRef a) => Eq(a, LLVMConstNull(LLVMTypeOf(a)));
    public LLVMValueRef IsNonZero(LLVMValueRef a) => Ne(a, LLVMConstNull(LLVMTypeOf(a)));
    public LLVMValueRef IsNegative(LLVMValueRef a) => Slt(a, LLVMConstNull(LLVMTypeOf(a)));

    public LLVMValueRef Select(LLVMValueRef c, LLVMValueRef a, LLVMValueRef b) => LLVMBuildSelect(B, c, a, b, "");
    public LLVMValueRef ZExt(LLVMValueRef v, int bits) => Bits(v) == bits ? v : LLVMBuildZExt(B, v, T.Int(bits), "");
    public LLVMValueRef SExt(LLVMValueRef v, int bits) => Bits(v) == bits ? v : LLVMBuildSExt(B, v, T.Int(bits), "");
    public LLVMValueRef Trunc(LLVMValueRef v, int bits) => Bits(v) == bits ? v : LLVMBuildTrunc(B, v, T.Int(bits), "");
    /// <summary>Zero-extends or truncates to the width.</summary>
    public LLVMValueRef Resize(LLVMValueRef v, int bits) => Bits(v) < bits ? ZExt(v, bits) : Trunc(v, bits);
    public LLVMValueRef BitCast(LLVMValueRef v, LLVMTypeRef t) => LLVMBuildBitCast(B, v, t, "");
    public LLVMValueRef Freeze(LLVMValueRef v) => LLVMBuildFreeze(B, v, "");

    public LLVMValueRef IntToPtr(LLVMValueRef v) => LLVMBuildIntToPtr(B, v, T.Ptr, "");
    public LLVMValueRef LoadPtr(LLVMTypeRef type, LLVMValueRef ptr, uint align = 1)
    {
        var load = LLVMBuildLoad2(B, type, ptr, "");
        LLVMSetAlignment(load, align);
        return load;
    }
    public void StorePtr(LLVMValueRef value, LLVMValueRef ptr, uint align = 1)
    {
        var store = LLVMBuildStore(B, value, ptr);
        LLVMSetAlignment(store, align);
    }
    public LLVMValueRef BytePtr(LLVMValueRef basePtr, int offset) =>
        offset == 0 ? basePtr : LLVMBuildGEP2(B, T.I8, basePtr, new[] { Const(64, (ulong)offset) }, 1, "");

    public LLVMValueRef ExtractElement(LLVMValueRef vec, int index) =>
        LLVMBuildExtractElement(B, vec, Const(32, (ulong)index), "");
    public LLVMValueRef InsertElement(LLVMValueRef vec, LLVMValueRef v, int index) =>
        LLVMBuildInsertElement(B, vec, v, Const(32, (ulong)index), "");

    public LLVMValueRef Intrinsic(string name, LLVMTypeRef[] overloads, params LLVMValueRef[] args)
    {
        uint id = LLVMLookupIntrinsicID(name, (nuint)name.Length);
        if (id == 0) throw new InvalidOperationException($"unknown LLVM intrinsic {name}");
        var fn = LLVMGetIntrinsicDeclaration(Module, id, overloads, (nuint)overloads.Length);
        var fnType = LLVMIntrinsicGetType(T.Context, id, overloads, (nuint)overloads.Length);
        return LLVMBuildCall2(B, fnType, fn, args, (uint)args.Length, "");
    }

    public LLVMValueRef Ctpop(LLVMValueRef v) => Intrinsic("llvm.ctpop", new[] { LLVMTypeOf(v) }, v);
    public LLVMValueRef Cttz(LLVMValueRef v, bool zeroPoison) =>
        Intrinsic("llvm.cttz", new[] { LLVMTypeOf(v) }, v, zeroPoison ? True : False);
    public LLVMValueRef Ctlz(LLVMValueRef v, bool zeroPoison) =>
        Intrinsic("llvm.ctlz", new[] { LLVMTypeOf(v) }, v, zeroPoison ? True : False);
    public LLVMValueRef Bswap(LLVMValueRef v) => Intrinsic("llvm.bswap", new[] { LLVMTypeOf(v) }, v);
    public LLVMValueRef Fshl(LLVMValueRef a, LLVMValueRef b, LLVMValueRef n) => Intrinsic("llvm.fshl", new[] { LLVMTypeOf(a) }, a, b, n);
    public LLVMValueRef Fshr(LLVMValueRef a, LLVMValueRef b, LLVMValueRef n) => Intrinsic("llvm.fshr", new[] { LLVMTypeOf(a) }, a, b, n);
}
