using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>How x87 registers are modelled: <see cref="Exact"/> keeps the real 80-bit extended values and does all
/// arithmetic in the runtime's soft-float (bit-identical to the hardware); <see cref="Fast"/> keeps doubles and
/// uses host floating point (see docs/x87.md).</summary>
public enum X87Precision { Fast, Exact }


/// <summary>
/// x87 helpers ("fast" mode: every register holds an IEEE double in the first 8 bytes of its 16-byte slot).
/// The register stack lives in GuestState memory: fpu_top, fpu_tag[8], st[8][16], fpu_cw and fpu_sw (without TOP).
/// All members are prefixed X87 so they cannot collide with other partial-class files.
/// </summary>
public sealed partial class Emitter
{
    // status-word bits
    public const int X87SwIE = 1 << 0, X87SwZE = 1 << 2, X87SwSF = 1 << 6;
    public const int X87SwC0 = 1 << 8, X87SwC1 = 1 << 9, X87SwC2 = 1 << 10, X87SwC3 = 1 << 14;

    public LLVMValueRef X87Top() => LoadPtr(T.I32, StateField(GuestStateLayout.FpuTop), 4);
    public void X87SetTop(LLVMValueRef top32) => StorePtr(And(top32, Const(32, 7)), StateField(GuestStateLayout.FpuTop), 4);

    /// <summary>Physical register number of ST(i) (i32, 0..7).</summary>
    public LLVMValueRef X87Phys(int i) => And(Add(X87Top(), Const(32, (ulong)i)), Const(32, 7));

    private LLVMValueRef X87DynPtr(int baseOffset, LLVMValueRef index64) =>
        LLVMBuildGEP2(B, T.I8, State, new[] { Add(Const(64, (ulong)baseOffset), index64) }, 1, "");

    public LLVMValueRef X87SlotPtr(LLVMValueRef phys32) =>
        X87DynPtr(GuestStateLayout.St, Shl(ZExt(phys32, 64), 4));

    public LLVMValueRef X87TagPtr(LLVMValueRef phys32) => X87DynPtr(GuestStateLayout.FpuTags, ZExt(phys32, 64));

    /// <summary>ST(i) as a double.</summary>
    public LLVMValueRef X87Get(int i) => LoadPtr(T.F64, X87SlotPtr(X87Phys(i)), 8);
    public void X87Set(int i, LLVMValueRef f64) => StorePtr(f64, X87SlotPtr(X87Phys(i)), 8);

    /// <summary>1 when ST(i) is empty.</summary>
    public LLVMValueRef X87IsEmpty(int i) => IsNonZero(LoadPtr(T.I8, X87TagPtr(X87Phys(i))));

    public void X87SetTag(LLVMValueRef phys32, bool empty) => StorePtr(Const(8, empty ? 1UL : 0UL), X87TagPtr(phys32));

    /// <summary>The slot a push fills: TOP is decremented and the new top returned with whether it was still full
    /// (a masked stack overflow, which sets IE|SF|C1; otherwise C1 is cleared).</summary>
    private (LLVMValueRef Top, LLVMValueRef Full) X87PushSlot()
    {
        var top = And(Sub(X87Top(), Const(32, 1)), Const(32, 7));
        X87SetTop(top);
        var full = IsZero(LoadPtr(T.I8, X87TagPtr(top)));
        var sw = X87Sw();
        var flagged = Or(sw, Const(16, X87SwIE | X87SwSF | X87SwC1));
        var cleared = And(sw, Const(16, unchecked((ulong)~X87SwC1) & 0xffff));
        X87SetSw(Select(full, flagged, cleared));
        return (top, full);
    }

    /// <summary>Pushes a double. Pushing onto a non-empty slot is a (masked) stack overflow: IE|SF|C1 are set and
    /// the register receives the indefinite QNaN, like the hardware with IM=1.</summary>
    public void X87Push(LLVMValueRef f64)
    {
        var (top, full) = X87PushSlot();
        var value = Select(full, X87Const(double.NaN, 0xFFF8000000000000UL), f64);
        StorePtr(value, X87SlotPtr(top), 8);
        StorePtr(Const(64, 0), BytePtr(X87SlotPtr(top), 8), 8);
        X87SetTag(top, empty: false);
    }

    /// <summary>Marks ST(0) empty and increments TOP.</summary>
    public void X87Pop()
    {
        var top = X87Top();
        X87SetTag(top, empty: true);
        X87SetTop(Add(top, Const(32, 1)));
    }

    public LLVMValueRef X87Sw() => LoadPtr(T.I16, StateField(GuestStateLayout.FpuStatusWord), 2);
    public void X87SetSw(LLVMValueRef sw16) => StorePtr(sw16, StateField(GuestStateLayout.FpuStatusWord), 2);
    public LLVMValueRef X87Cw() => LoadPtr(T.I16, StateField(GuestStateLayout.FpuControlWord), 2);
    public void X87SetCw(LLVMValueRef cw16) => StorePtr(cw16, StateField(GuestStateLayout.FpuControlWord), 2);

    /// <summary>The architectural status word: fpu_sw with TOP composed into bits 11-13.</summary>
    public LLVMValueRef X87FullSw() =>
        Or(And(X87Sw(), Const(16, 0xC7FF)), Shl(Trunc(X87Top(), 16), 11));

    /// <summary>Sets condition codes; a null value leaves that bit alone.</summary>
    public void X87SetCc(LLVMValueRef? c0, LLVMValueRef? c1, LLVMValueRef? c2, LLVMValueRef? c3)
    {
        ulong mask = 0;
        var bits = Const(16, 0);
        void Put(LLVMValueRef? v, int bit)
        {
            if (v is not { } b) return;
            mask |= (ulong)bit;
            bits = Or(bits, Select(b, Const(16, (ulong)bit), Const(16, 0)));
        }
        Put(c0, X87SwC0); Put(c1, X87SwC1); Put(c2, X87SwC2); Put(c3, X87SwC3);
        X87SetSw(Or(And(X87Sw(), Const(16, ~mask & 0xffff)), bits));
    }

    public void X87OrSw(LLVMValueRef? condition, int bits)
    {
        var sw = X87Sw();
        var set = Or(sw, Const(16, (ulong)bits));
        X87SetSw(condition is { } c ? Select(c, set, sw) : set);
    }

    // ---- floating-point IR ----

    public LLVMValueRef X87Const(double value) => LLVMConstReal(T.F64, value);
    public LLVMValueRef X87Const(double _, ulong bits) => BitCast(Const(64, bits), T.F64);
    public LLVMValueRef X87FAdd(LLVMValueRef a, LLVMValueRef b) => LLVMBuildFAdd(B, a, b, "");
    public LLVMValueRef X87FSub(LLVMValueRef a, LLVMValueRef b) => LLVMBuildFSub(B, a, b, "");
    public LLVMValueRef X87FMul(LLVMValueRef a, LLVMValueRef b) => LLVMBuildFMul(B, a, b, "");
    public LLVMValueRef X87FDiv(LLVMValueRef a, LLVMValueRef b) => LLVMBuildFDiv(B, a, b, "");
    public LLVMValueRef X87FNeg(LLVMValueRef a) => LLVMBuildFNeg(B, a, "");
    public LLVMValueRef X87FCmp(LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b) => LLVMBuildFCmp(B, p, a, b, "");
    public LLVMValueRef X87Unary(string intrinsic, LLVMValueRef a) => Intrinsic(intrinsic, new[] { T.F64 }, a);
    public LLVMValueRef X87SIToFP(LLVMValueRef i) => LLVMBuildSIToFP(B, i, T.F64, "");
    public LLVMValueRef X87FPToSI(LLVMValueRef f, int bits) => LLVMBuildFPToSI(B, f, T.Int(bits), "");
    public LLVMValueRef X87Bits(LLVMValueRef f64) => BitCast(f64, T.I64);
    public LLVMValueRef X87FromBits(LLVMValueRef i64) => BitCast(i64, T.F64);

    /// <summary>Rounds to an integral double per the control word's RC field (bits 10-11).</summary>
    public LLVMValueRef X87RoundPerRc(LLVMValueRef f64)
    {
        var rc = And(LShr(X87Cw(), 10), Const(16, 3));
        var nearest = X87Unary("llvm.roundeven", f64);
        var down = X87Unary("llvm.floor", f64);
        var up = X87Unary("llvm.ceil", f64);
        var trunc = X87Unary("llvm.trunc", f64);
        return Select(Eq(rc, Const(16, 0)), nearest,
            Select(Eq(rc, Const(16, 1)), down, Select(Eq(rc, Const(16, 2)), up, trunc)));
    }

    /// <summary>Converts an integral double to a signed integer; NaN/out of range gives the integer indefinite
    /// (0x80..0) and sets IE.</summary>
    public LLVMValueRef X87ToInt(LLVMValueRef integral, int bits)
    {
        double lo = -Math.Pow(2, bits - 1), hiExclusive = Math.Pow(2, bits - 1);
        var inRange = And(X87FCmp(LLVMRealPredicate.LLVMRealOGE, integral, X87Const(lo)),
            X87FCmp(LLVMRealPredicate.LLVMRealOLT, integral, X87Const(hiExclusive)));
        var safe = Select(inRange, integral, X87Const(0.0));
        var value = X87FPToSI(safe, bits);
        X87OrSw(Not(inRange), X87SwIE);
        return Select(inRange, value, Const(bits, 1UL << (bits - 1)));
    }

    // ---- runtime helpers (runtime/include/x87.h) ----

    /// <summary>uint64_t name(uint64_t) over double bit patterns.</summary>
    public LLVMValueRef X87Math1(string name, LLVMValueRef f64) =>
        X87FromBits(CallHelper(name, T.I64, new[] { T.I64 }, X87Bits(f64)));

    /// <summary>uint64_t name(uint64_t, uint64_t) over double bit patterns.</summary>
    public LLVMValueRef X87Math2(string name, LLVMValueRef a, LLVMValueRef b) =>
        X87FromBits(CallHelper(name, T.I64, new[] { T.I64, T.I64 }, X87Bits(a), X87Bits(b)));

    /// <summary>Reads an 80-bit extended value from a host address as a double (round to nearest even).</summary>
    public LLVMValueRef X87LoadF80(LLVMValueRef address64) =>
        X87FromBits(CallHelper("xlate_x87_f80_to_f64", T.I64, new[] { T.Ptr }, IntToPtr(address64)));

    /// <summary>Writes a double as an 80-bit extended value at a host address.</summary>
    public void X87StoreF80(LLVMValueRef address64, LLVMValueRef f64) =>
        CallHelper("xlate_x87_f64_to_f80", T.Void, new[] { T.Ptr, T.I64 }, IntToPtr(address64), X87Bits(f64));

    // ---- exact mode: registers hold 80-bit values (i80 in IR), arithmetic in runtime/src/softfloat80.c ----

    public const int X87SwPE = 1 << 5, X87SwDE = 1 << 1;

    public LLVMValueRef X87XConst(ushort signExp, ulong sig) =>
        Or(Shl(Const(80, signExp), Const(80, 64)), Const(80, sig));

    public LLVMValueRef X87XIndefinite() => X87XConst(0xffff, 0xC000000000000000UL);

    /// <summary>ST(i) as an i80.</summary>
    public LLVMValueRef X87XGet(int i) => LoadPtr(T.Int(80), X87SlotPtr(X87Phys(i)), 8);
    public void X87XSet(int i, LLVMValueRef v80) => X87XSetPhys(X87Phys(i), v80);
    public void X87XSetPhys(LLVMValueRef phys, LLVMValueRef v80) => StorePtr(v80, X87SlotPtr(phys), 8);

    /// <summary>Pushes an i80; pushing onto a non-empty slot is a masked stack overflow (IE|SF|C1, indefinite).</summary>
    public void X87XPush(LLVMValueRef v80)
    {
        var (top, full) = X87PushSlot();
        X87XSetPhys(top, Select(full, X87XIndefinite(), v80));
        X87SetTag(top, empty: false);
    }

    public LLVMValueRef X87XWide(LLVMValueRef v80) => ZExt(v80, 128);
    public LLVMValueRef X87XCw32() => ZExt(X87Cw(), 32);

    /// <summary>Calls an i128-returning soft-float helper.</summary>
    public LLVMValueRef X87XCall(string name, params LLVMValueRef[] args)
    {
        var types = new LLVMTypeRef[args.Length];
        for (int k = 0; k < args.Length; k++) types[k] = LLVMTypeOf(args[k]);
        return CallHelper(name, T.I128, types, args);
    }

    /// <summary>ORs the exception bits of a helper result (bits 80+) into the status word; with setC1 the result's
    /// C1 (rounded up) replaces C1. Returns the value bits as an i80.</summary>
    public LLVMValueRef X87XResult(LLVMValueRef r128, bool setC1 = true)
    {
        var flags = Trunc(LShr(r128, Const(128, 80)), 16);
        var sw = Or(X87Sw(), And(flags, Const(16, 0x3f)));
        if (setC1) sw = Or(And(sw, Const(16, unchecked((ulong)~X87SwC1) & 0xffff)), And(flags, Const(16, X87SwC1)));
        X87SetSw(sw);
        return Trunc(r128, 80);
    }
}
