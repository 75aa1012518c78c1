using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>Element layout of an SSE operation: a scalar (Lanes = 1) or a 128-bit vector of ints or floats.</summary>
public readonly record struct VecShape(LLVMTypeRef Type, LLVMTypeRef IntType, LLVMTypeRef Elem, LLVMTypeRef IntElem,
    int ElemBits, int Lanes, bool IsFloat)
{
    public bool IsScalar => Lanes == 1;
}

/// <summary>SSE helpers: XMM operands as typed vectors, lane merges, vector constants, shuffles and MXCSR.
/// Vector values must never go through the scalar-only IrBuilder helpers (ZExt/Trunc/Const...).</summary>
public sealed partial class Emitter
{
    public LLVMTypeRef VecType(LLVMTypeRef elem, int lanes) => LLVMVectorType(elem, (uint)lanes);

    /// <summary>Integer vector of 128 bits with <paramref name="elemBits"/>-bit lanes.</summary>
    public VecShape IntVec(int elemBits)
    {
        var elem = T.Int(elemBits);
        var v = VecType(elem, 128 / elemBits);
        return new VecShape(v, v, elem, elem, elemBits, 128 / elemBits, false);
    }

    /// <summary>Integer vector with an explicit lane count (e.g. &lt;8 x i32&gt; for widened products).</summary>
    public VecShape IntVec(int elemBits, int lanes)
    {
        var elem = T.Int(elemBits);
        var v = VecType(elem, lanes);
        return new VecShape(v, v, elem, elem, elemBits, lanes, false);
    }

    /// <summary>Float shape: 32 or 64-bit elements, packed (128 bits) or scalar.</summary>
    public VecShape FloatShape(int elemBits, bool packed)
    {
        var f = elemBits == 32 ? T.F32 : T.F64;
        var i = T.Int(elemBits);
        if (!packed) return new VecShape(f, i, f, i, elemBits, 1, true);
        int lanes = 128 / elemBits;
        return new VecShape(VecType(f, lanes), VecType(i, lanes), f, i, elemBits, lanes, true);
    }

    public VecShape FloatShape(int elemBits, int lanes)
    {
        var f = elemBits == 32 ? T.F32 : T.F64;
        var i = T.Int(elemBits);
        if (lanes == 1) return new VecShape(f, i, f, i, elemBits, 1, true);
        return new VecShape(VecType(f, lanes), VecType(i, lanes), f, i, elemBits, lanes, true);
    }

    // ---- operands ----

    /// <summary>Whole 128-bit operand (XMM register or 16 bytes of memory) as a vector of the shape.</summary>
    public LLVMValueRef ReadVec(int op, VecShape s) => BitCast(Read(op, 128), s.Type);

    /// <summary>Low <paramref name="bits"/> of an XMM register, or that many bits of memory, as an integer.</summary>
    public LLVMValueRef ReadLow(int op, int bits) => Read(op, bits);

    /// <summary>Scalar float operand (low lane of an XMM register, or a 32/64-bit memory operand).</summary>
    public LLVMValueRef ReadScalar(int op, VecShape s) => BitCast(Read(op, s.ElemBits), s.Type);

    /// <summary>Reads an operand of shape <paramref name="s"/>: scalar → low lane, packed → all 128 bits.</summary>
    public LLVMValueRef ReadShaped(int op, VecShape s) => s.IsScalar ? ReadScalar(op, s) : ReadVec(op, s);

    /// <summary>Writes a 128-bit vector to an XMM register or 16 bytes of memory.</summary>
    public void WriteVec(int op, LLVMValueRef vec) => Write(op, BitCast(vec, T.I128));

    /// <summary>Writes a shaped result: scalar → low lane merged (register) or stored (memory); packed → all.</summary>
    public void WriteShaped(int op, LLVMValueRef value, VecShape s)
    {
        if (s.IsScalar) WriteLow(op, value);
        else WriteVec(op, value);
    }

    /// <summary>Replaces the low lane of an XMM destination with <paramref name="low"/> (any 8..64-bit int or
    /// float), keeping the other bits; a memory destination just receives the value.</summary>
    public void WriteLow(int op, LLVMValueRef low)
    {
        var t = LLVMTypeOf(low);
        if (LLVMGetTypeKind(t) != LLVMTypeKind.LLVMIntegerTypeKind)
            low = BitCast(low, T.Int(LLVMGetTypeKind(t) == LLVMTypeKind.LLVMFloatTypeKind ? 32 : 64));
        if (IsMemory(op))
        {
            Store(Address(), low);
            return;
        }
        var r = Insn.GetOpRegister(op);
        if (!r.IsXMM()) { Write(op, low); return; }
        SetXmm(XmmIndex(r), MergeLow(GetXmm(XmmIndex(r)), low));
    }

    /// <summary>i128 whose low Bits(low) bits are <paramref name="low"/> and the rest from <paramref name="old128"/>.</summary>
    public LLVMValueRef MergeLow(LLVMValueRef old128, LLVMValueRef low)
    {
        int bits = Bits(low);
        var shape = IntVec(bits);
        var v = BitCast(old128, shape.Type);
        return BitCast(InsertElement(v, low, 0), T.I128);
    }

    /// <summary>Zero-extends a 32/64-bit value (int or float) into a whole XMM register value.</summary>
    public LLVMValueRef ZeroExtendToXmm(LLVMValueRef low)
    {
        var t = LLVMTypeOf(low);
        if (LLVMGetTypeKind(t) != LLVMTypeKind.LLVMIntegerTypeKind)
            low = BitCast(low, T.Int(LLVMGetTypeKind(t) == LLVMTypeKind.LLVMFloatTypeKind ? 32 : 64));
        return ZExt(low, 128);
    }

    public Register OpRegister(int op) => Insn.GetOpKind(op) == OpKind.Register ? Insn.GetOpRegister(op) : Register.None;
    public bool IsXmmOperand(int op) => OpRegister(op).IsXMM();

    // ---- constants ----

    /// <summary>Constant of every lane (or the scalar) of an integer shape.</summary>
    public LLVMValueRef SplatInt(VecShape s, ulong value)
    {
        var c = LLVMConstInt(s.IntElem, value, 0);
        if (s.IsScalar) return c;
        var elems = new LLVMValueRef[s.Lanes];
        Array.Fill(elems, c);
        return LLVMConstVector(elems, (uint)s.Lanes);
    }

    /// <summary>Float constant of every lane (or the scalar) of a float shape.</summary>
    public LLVMValueRef SplatReal(VecShape s, double value)
    {
        var c = LLVMConstReal(s.Elem, value);
        if (s.IsScalar) return c;
        var elems = new LLVMValueRef[s.Lanes];
        Array.Fill(elems, c);
        return LLVMConstVector(elems, (uint)s.Lanes);
    }

    /// <summary>Float-typed constant from raw bits (e.g. the default NaN).</summary>
    public LLVMValueRef SplatFloatBits(VecShape s, ulong bits) => BitCast(SplatInt(s, bits), s.Type);

    public LLVMValueRef ZeroOf(LLVMTypeRef t) => LLVMConstNull(t);
    public LLVMValueRef OnesOf(LLVMTypeRef t) => LLVMConstAllOnes(t);

    /// <summary>Broadcasts a runtime scalar to all lanes.</summary>
    public LLVMValueRef Splat(LLVMValueRef scalar, int lanes)
    {
        var vt = VecType(LLVMTypeOf(scalar), lanes);
        var one = InsertElement(LLVMGetPoison(vt), scalar, 0);
        return Shuffle(one, LLVMGetPoison(vt), new int[lanes]);
    }

    /// <summary>shufflevector: indices 0..n-1 pick from <paramref name="a"/>, n..2n-1 from <paramref name="b"/>,
    /// -1 is poison.</summary>
    public LLVMValueRef Shuffle(LLVMValueRef a, LLVMValueRef b, int[] mask)
    {
        var elems = new LLVMValueRef[mask.Length];
        for (int i = 0; i < mask.Length; i++)
            elems[i] = mask[i] < 0 ? LLVMGetPoison(T.I32) : Const(32, (ulong)mask[i]);
        return LLVMBuildShuffleVector(B, a, b, LLVMConstVector(elems, (uint)mask.Length), "");
    }

    // ---- vector-safe casts and compares ----

    public LLVMValueRef VSExt(LLVMValueRef v, LLVMTypeRef t) => LLVMBuildSExt(B, v, t, "");
    public LLVMValueRef VZExt(LLVMValueRef v, LLVMTypeRef t) => LLVMBuildZExt(B, v, t, "");
    public LLVMValueRef VTrunc(LLVMValueRef v, LLVMTypeRef t) => LLVMBuildTrunc(B, v, t, "");
    public LLVMValueRef ICmp(LLVMIntPredicate p, LLVMValueRef a, LLVMValueRef b) => LLVMBuildICmp(B, p, a, b, "");
    public LLVMValueRef FCmp(LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b) => LLVMBuildFCmp(B, p, a, b, "");
    // SSE arithmetic and conversions are constrained ("strict") operations in the dynamic rounding mode: LLVM then
    // neither folds them at translate time (in round-to-nearest, dropping their exceptions) nor moves them across
    // the FPCR writes and FPSR reads of ldmxcsr/stmxcsr (see MXCSR below).
    public LLVMValueRef FAdd(LLVMValueRef a, LLVMValueRef b) => StrictFp("fadd", true, new[] { LLVMTypeOf(a) }, a, b);
    public LLVMValueRef FSub(LLVMValueRef a, LLVMValueRef b) => StrictFp("fsub", true, new[] { LLVMTypeOf(a) }, a, b);
    public LLVMValueRef FMul(LLVMValueRef a, LLVMValueRef b) => StrictFp("fmul", true, new[] { LLVMTypeOf(a) }, a, b);
    public LLVMValueRef FDiv(LLVMValueRef a, LLVMValueRef b) => StrictFp("fdiv", true, new[] { LLVMTypeOf(a) }, a, b);
    public LLVMValueRef FSqrt(LLVMValueRef a) => StrictFp("sqrt", true, new[] { LLVMTypeOf(a) }, a);
    public LLVMValueRef FPExt(LLVMValueRef v, LLVMTypeRef t) => StrictFp("fpext", false, new[] { t, LLVMTypeOf(v) }, v);
    public LLVMValueRef FPTrunc(LLVMValueRef v, LLVMTypeRef t) => StrictFp("fptrunc", true, new[] { t, LLVMTypeOf(v) }, v);
    public LLVMValueRef SIToFP(LLVMValueRef v, LLVMTypeRef t) => StrictFp("sitofp", true, new[] { t, LLVMTypeOf(v) }, v);
    public LLVMValueRef FPToSI(LLVMValueRef v, LLVMTypeRef t) => StrictFp("fptosi", false, new[] { t, LLVMTypeOf(v) }, v);

    /// <summary>Signalling compare (x86 min/max, comis, cmplt/le/nlt/nle): raises invalid for a quiet NaN too.</summary>
    public LLVMValueRef FCmpSignaling(LLVMRealPredicate p, LLVMValueRef a, LLVMValueRef b) =>
        StrictFp("fcmps", false, new[] { LLVMTypeOf(a) }, a, b, MetadataString(p switch
        {
            LLVMRealPredicate.LLVMRealOEQ => "oeq", LLVMRealPredicate.LLVMRealOLT => "olt",
            LLVMRealPredicate.LLVMRealOLE => "ole", LLVMRealPredicate.LLVMRealOGT => "ogt",
            LLVMRealPredicate.LLVMRealUNO => "uno", LLVMRealPredicate.LLVMRealUNE => "une",
            LLVMRealPredicate.LLVMRealUGE => "uge", LLVMRealPredicate.LLVMRealUGT => "ugt",
            LLVMRealPredicate.LLVMRealUEQ => "ueq", LLVMRealPredicate.LLVMRealULT => "ult",
            LLVMRealPredicate.LLVMRealORD => "ord", _ => throw new ArgumentException($"predicate {p}"),
        }));

    internal LLVMValueRef MetadataString(string s) =>
        LLVMMetadataAsValue(T.Context, LLVMMDStringInContext2(T.Context, s, (nuint)s.Length));

    /// <summary>llvm.experimental.constrained.NAME with strict exceptions (and the dynamic rounding mode when the
    /// operation rounds).</summary>
    internal LLVMValueRef StrictFp(string name, bool rounds, LLVMTypeRef[] overloads, params LLVMValueRef[] args)
    {
        var all = rounds ? args.Append(MetadataString("round.dynamic")) : args;
        return Intrinsic("llvm.experimental.constrained." + name, overloads, all.Append(MetadataString("fpexcept.strict")).ToArray());
    }

    /// <summary>Lane mask (all ones / zero per lane) from an i1 vector.</summary>
    public LLVMValueRef MaskFrom(LLVMValueRef cond, VecShape s) => VSExt(cond, s.IntType);

    /// <summary>Vector shift of every lane by the same runtime or constant amount (amount already in range).</summary>
    public LLVMValueRef SplatAmount(VecShape s, LLVMValueRef amount64) =>
        s.IsScalar ? Resize(amount64, s.ElemBits) : Splat(Resize(amount64, s.ElemBits), s.Lanes);

    // ---- MMX ----
    // mm0-mm7 are the low 64 bits (significand) of the physical x87 registers st[0..7]; an MMX write sets the
    // sign/exponent word to 0xffff, as the hardware does. Any MMX instruction sets TOP = 0 and tags all valid.

    /// <summary>Whether the current instruction has an MMX register operand (its 64-bit form).</summary>
    public bool IsMmxForm
    {
        get
        {
            for (int i = 0; i < Insn.OpCount; i++)
                if (Insn.GetOpKind(i) == OpKind.Register && Insn.GetOpRegister(i).IsMM()) return true;
            return false;
        }
    }

    /// <summary>Width of a packed operation: 64 for the MMX form of an instruction, else 128.</summary>
    public int PackedBits => IsMmxForm ? 64 : 128;

    /// <summary>Integer vector shape of the current instruction's packed width.</summary>
    /// <summary>A single 64-bit lane (MMX paddq, psllq...) is a plain i64 scalar shape.</summary>
    public VecShape PackedInt(int elemBits)
    {
        int lanes = PackedBits / elemBits;
        if (lanes > 1) return IntVec(elemBits, lanes);
        var i = T.Int(elemBits);
        return new VecShape(i, i, i, i, elemBits, 1, false);
    }

    public static int MmIndex(Register r) => r - Register.MM0;

    /// <summary>The x87 to MMX transition: TOP = 0, all tags valid.</summary>
    public void MmxEnter()
    {
        StorePtr(Const(32, 0), StateField(GuestStateLayout.FpuTop), 4);
        StorePtr(Const(64, 0), StateField(GuestStateLayout.FpuTags), 1);
    }

    public LLVMValueRef GetMm(int index)
    {
        MmxEnter();
        return LoadPtr(T.I64, StateField(GuestStateLayout.StOffset(index)), 8);
    }

    public void SetMm(int index, LLVMValueRef value64)
    {
        MmxEnter();
        StorePtr(value64, StateField(GuestStateLayout.StOffset(index)), 8);
        StorePtr(Const(16, 0xffff), StateField(GuestStateLayout.StOffset(index) + 8), 8);
    }

    /// <summary>Low <paramref name="bits"/> of an MMX/XMM register or of memory (a narrower memory operand, such
    /// as punpcklbw's m32, is read at its own size and zero-extended).</summary>
    public LLVMValueRef ReadPackedBits(int op, int bits)
    {
        var r = OpRegister(op);
        if (r.IsMM()) return Resize(GetMm(MmIndex(r)), bits);
        if (IsMemory(op))
        {
            int memBits = Insn.MemorySize.GetSize() * 8;
            if (memBits > 0 && memBits < bits) return ZExt(Load(Address(), T.Int(memBits)), bits);
        }
        return Read(op, bits);
    }

    /// <summary>Operand as a vector of shape <paramref name="s"/> (64 or 128 bits in all).</summary>
    public LLVMValueRef ReadPacked(int op, VecShape s) => BitCast(ReadPackedBits(op, s.Lanes * s.ElemBits), s.Type);

    private static int ScalarBits(LLVMTypeRef t) => LLVMGetTypeKind(t) switch
    {
        LLVMTypeKind.LLVMFloatTypeKind => 32,
        LLVMTypeKind.LLVMDoubleTypeKind => 64,
        _ => (int)LLVMGetIntTypeWidth(t),
    };

    /// <summary>Writes a 64- or 128-bit vector (or integer) to an MMX/XMM register or memory.</summary>
    public void WritePacked(int op, LLVMValueRef value)
    {
        var t = LLVMTypeOf(value);
        int bits = LLVMGetTypeKind(t) == LLVMTypeKind.LLVMVectorTypeKind
            ? (int)LLVMGetVectorSize(t) * ScalarBits(LLVMGetElementType(t))
            : ScalarBits(t);
        var v = BitCast(value, T.Int(bits));
        var r = OpRegister(op);
        if (r.IsMM()) SetMm(MmIndex(r), Resize(v, 64));
        else Write(op, v);
    }

    // ---- MXCSR ----
    // MXCSR lives in three places. GuestState.mxcsr holds the value last loaded (controls and flags); the host FPCR
    // carries its rounding control (RMode) and FTZ/DAZ (FZ), so plain LLVM FP operations round as on x86 at no cost;
    // the host FPSR accumulates the exception flags raised since that load. A read merges FPSR's flags into the
    // stored value. runtime/src/mxcsr.h does the same for the runtime (signal delivery and return).
    // Not modelled: DE for denormal operands (AArch64 has no such flag unless FZ is set), FTZ and DAZ apart (FZ
    // flushes inputs and outputs, so either bit enables both), tininess detected before rounding (x86: after).

    private const ulong FpcrRModeAndFz = 0x7UL << 22;
    private const ulong FpsrCumulativeFlags = 0x9f;

    private LLVMValueRef HostFpReg(string name) => Intrinsic($"llvm.aarch64.get.{name}", System.Array.Empty<LLVMTypeRef>());
    private void SetHostFpReg(string name, LLVMValueRef value64) =>
        Intrinsic($"llvm.aarch64.set.{name}", System.Array.Empty<LLVMTypeRef>(), value64);

    public LLVMValueRef ReadMxcsr()
    {
        var stored = LoadPtr(T.I32, StateField(GuestStateLayout.Mxcsr), 4);
        var fpsr = Trunc(HostFpReg("fpsr"), 32);
        // IOC→IE, DZC→ZE, OFC→OE, UFC→UE and PE (a flushed result sets only UFC on AArch64, UE and PE on x86),
        // IXC→PE, IDC→DE unless DAZ (IDC means a denormal input was flushed, which DAZ does silently).
        var flags = Or(And(fpsr, Const(32, 1)), Shl(And(fpsr, Const(32, 0x1e)), Const(32, 1)));
        flags = Or(flags, Shl(And(fpsr, Const(32, 0x8)), Const(32, 2)));
        var denormal = And(And(LShr(fpsr, Const(32, 6)), Not(LShr(stored, Const(32, 5)))), Const(32, 2));
        return Or(stored, Or(flags, denormal));
    }

    public void WriteMxcsr(LLVMValueRef value32)
    {
        StorePtr(value32, StateField(GuestStateLayout.Mxcsr), 4);
        var v = ZExt(value32, 64);
        // RC 0 nearest, 1 down, 2 up, 3 toward zero → RMode 0 RN, 2 RM, 1 RP, 3 RZ: the two bits swap.
        var rc = And(LShr(v, Const(64, 13)), Const(64, 3));
        var rmode = Or(Shl(And(rc, Const(64, 1)), Const(64, 1)), LShr(rc, Const(64, 1)));
        var fz = And(Or(LShr(v, Const(64, 15)), LShr(v, Const(64, 6))), Const(64, 1));
        var fpcr = And(HostFpReg("fpcr"), Const(64, ~FpcrRModeAndFz));
        SetHostFpReg("fpcr", Or(fpcr, Or(Shl(rmode, Const(64, 22)), Shl(fz, Const(64, 24)))));
        SetHostFpReg("fpsr", And(HostFpReg("fpsr"), Const(64, ~FpsrCumulativeFlags)));
    }

    /// <summary>Rounds a float (scalar or vector) to an integral value with an x86 rounding-control value
    /// (0..3 constant, or null for MXCSR.RC, i.e. the host's current mode). None of these raise inexact.</summary>
    public LLVMValueRef RoundIntegral(LLVMValueRef x, int? mode) => StrictFp(mode switch
    {
        null => "nearbyint", 0 => "roundeven", 1 => "floor", 2 => "ceil", _ => "trunc",
    }, mode == null, new[] { LLVMTypeOf(x) }, x);

    /// <summary>Rounds to an integral value in the current mode, raising inexact when that changes the value.</summary>
    public LLVMValueRef RoundIntegralRaisingInexact(LLVMValueRef x) => StrictFp("rint", true, new[] { LLVMTypeOf(x) }, x);

    /// <summary>Sets MXCSR.PE (host FPSR.IXC) when <paramref name="inexact"/> (an i1 or i1 vector) holds anywhere.</summary>
    public void RaiseInexactIf(LLVMValueRef inexact)
    {
        var t = LLVMTypeOf(inexact);
        if (LLVMGetTypeKind(t) == LLVMTypeKind.LLVMVectorTypeKind)
            inexact = Intrinsic("llvm.vector.reduce.or", new[] { t }, inexact);
        var ixc = Shl(ZExt(inexact, 64), Const(64, 4));
        SetHostFpReg("fpsr", Or(HostFpReg("fpsr"), ixc));
    }

    /// <summary>Whether an LLVM intrinsic of this name exists in the linked LLVM (e.g. a target one).</summary>
    public static bool HasIntrinsic(string name) => LLVMLookupIntrinsicID(name, (nuint)name.Length) != 0;
}
