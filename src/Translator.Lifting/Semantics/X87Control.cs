using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>x87 comparisons and classification, control/status words, stack management and the environment.</summary>
internal static class X87Control
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(e => Fcom(e, pops: 0), Mnemonic.Fcom, Mnemonic.Fucom, Mnemonic.Ficom);
        t.Add(e => Fcom(e, pops: 1), Mnemonic.Fcomp, Mnemonic.Fucomp, Mnemonic.Ficomp);
        t.Add(e => Fcom(e, pops: 2), Mnemonic.Fcompp, Mnemonic.Fucompp);
        t.Add(e => Fcomi(e, pop: false), Mnemonic.Fcomi, Mnemonic.Fucomi);
        t.Add(e => Fcomi(e, pop: true), Mnemonic.Fcomip, Mnemonic.Fucomip);
        t.Add(Mnemonic.Ftst, e => SetCompareCc(e, e.X87Get(0), e.X87Const(0.0)));
        t.Add(Mnemonic.Fxam, Fxam);

        t.Add(Fnstsw, Mnemonic.Fnstsw, Mnemonic.Fstsw);
        t.Add(e => e.Write(0, e.X87Cw()), Mnemonic.Fnstcw, Mnemonic.Fstcw);
        t.Add(Mnemonic.Fldcw, e => e.X87SetCw(e.Read(0, 16)));
        t.Add(e => e.X87SetSw(e.And(e.X87Sw(), e.Const(16, 0x7f00))), Mnemonic.Fnclex, Mnemonic.Fclex);
        t.Add(Init, Mnemonic.Fninit, Mnemonic.Finit);
        t.Add(Mnemonic.Ffree, e => e.X87SetTag(e.X87Phys(X87.StIndex(e, 0)), empty: true));
        t.Add(Mnemonic.Ffreep, e => { e.X87SetTag(e.X87Phys(X87.StIndex(e, 0)), empty: true); e.X87Pop(); });
        t.Add(Mnemonic.Fincstp, e => { e.X87SetTop(e.Add(e.X87Top(), e.Const(32, 1))); e.X87SetCc(null, e.False, null, null); });
        t.Add(Mnemonic.Fdecstp, e => { e.X87SetTop(e.Sub(e.X87Top(), e.Const(32, 1))); e.X87SetCc(null, e.False, null, null); });
        // fwait (Mnemonic.Wait) is a no-op registered in SystemOps.
        t.Add(_ => { }, Mnemonic.Fnop, Mnemonic.Fneni, Mnemonic.Fndisi, Mnemonic.Fnsetpm,
            Mnemonic.Feni, Mnemonic.Fdisi, Mnemonic.Fsetpm);
        t.Add(e => Env(e, "xlate_x87_fnstenv"), Mnemonic.Fnstenv, Mnemonic.Fstenv);
        t.Add(Mnemonic.Fldenv, e => Env(e, "xlate_x87_fldenv"));
        t.Add(e => Env(e, "xlate_x87_fnsave"), Mnemonic.Fnsave, Mnemonic.Fsave);
        t.Add(Mnemonic.Frstor, e => Env(e, "xlate_x87_frstor"));
        t.Add(Fxsave, Mnemonic.Fxsave, Mnemonic.Fxsave64);
        t.Add(Fxrstor, Mnemonic.Fxrstor, Mnemonic.Fxrstor64);
    }

    // fxsave image: FCW 0, FSW 2, abridged FTW 4, FOP 6, FIP 8, FDP 16 (FOP/FIP/FDP stored as 0), MXCSR 24,
    // MXCSR_MASK 28, ST(0..7) at 32 + 16*i (80 bits, rest zero), XMM0..7 (i386) / 0..15 at 160 + 16*i.
    private const uint MxcsrMask = 0xffff;

    private static LLVMValueRef At(Emitter e, LLVMValueRef address, int offset) => e.Add(address, e.Const(64, (ulong)offset));

    private static void Fxsave(Emitter e)
    {
        var a = e.Address();
        e.Store(At(e, a, 0), e.X87Cw());
        e.Store(At(e, a, 2), e.X87FullSw());
        var tags = e.LoadPtr(e.T.I64, e.StateField(GuestStateLayout.FpuTags), 1);
        LLVMValueRef valid = e.Const(64, 0);
        for (int i = 0; i < 8; i++)
            valid = e.Or(valid, e.Shl(e.And(e.LShr(tags, e.Const(64, (ulong)(8 * i))), e.Const(64, 1)), e.Const(64, (ulong)i)));
        e.Store(At(e, a, 4), e.Xor(e.Trunc(valid, 16), e.Const(16, 0xff)));
        e.Store(At(e, a, 6), e.Const(16, 0));
        e.Store(At(e, a, 8), e.Const(64, 0));
        e.Store(At(e, a, 16), e.Const(64, 0));
        e.Store(At(e, a, 24), e.ReadMxcsr());
        e.Store(At(e, a, 28), e.Const(32, MxcsrMask));
        for (int i = 0; i < 8; i++)
        {
            var slot = At(e, a, 32 + 16 * i);
            if (e.Options.X87 == X87Precision.Exact)
                e.Store(slot, e.LoadPtr(e.T.Int(80), e.X87SlotPtr(e.X87Phys(i)), 8));
            else
                e.X87StoreF80(slot, e.X87Get(i));
            e.Store(At(e, a, 32 + 16 * i + 10), e.Const(16, 0));
            e.Store(At(e, a, 32 + 16 * i + 12), e.Const(32, 0));
        }
        for (int i = 0; i < (e.Is64 ? 16 : 8); i++) e.Store(At(e, a, 160 + 16 * i), e.GetXmm(i));
    }

    private static void Fxrstor(Emitter e)
    {
        var a = e.Address();
        e.X87SetCw(e.Load(At(e, a, 0), e.T.I16));
        var sw = e.Load(At(e, a, 2), e.T.I16);
        e.X87SetSw(e.And(sw, e.Const(16, 0xc7ff)));
        e.X87SetTop(e.ZExt(e.And(e.LShr(sw, e.Const(16, 11)), e.Const(16, 7)), 32));
        var ftw = e.ZExt(e.Load(At(e, a, 4), e.T.I8), 64);
        LLVMValueRef empty = e.Const(64, 0);
        for (int i = 0; i < 8; i++)
        {
            var bit = e.And(e.LShr(ftw, e.Const(64, (ulong)i)), e.Const(64, 1));
            empty = e.Or(empty, e.Shl(e.Xor(bit, e.Const(64, 1)), e.Const(64, (ulong)(8 * i))));
        }
        e.StorePtr(empty, e.StateField(GuestStateLayout.FpuTags), 1);
        e.WriteMxcsr(e.Load(At(e, a, 24), e.T.I32));
        for (int i = 0; i < 8; i++)
        {
            var slot = At(e, a, 32 + 16 * i);
            if (e.Options.X87 == X87Precision.Exact)
                e.X87XSetPhys(e.X87Phys(i), e.Load(slot, e.T.Int(80)));
            else
                e.X87Set(i, e.X87LoadF80(slot));
        }
        for (int i = 0; i < (e.Is64 ? 16 : 8); i++) e.SetXmm(i, e.Load(At(e, a, 160 + 16 * i), e.T.I128));
    }

    /// <summary>C3 C2 C0 = 000 (ST(0) &gt; src), 001 (&lt;), 100 (=), 111 (unordered); C1 = 0.</summary>
    private static void SetCompareCc(Emitter e, LLVMValueRef a, LLVMValueRef b)
    {
        var unordered = e.X87FCmp(LLVMRealPredicate.LLVMRealUNO, a, b);
        var less = e.X87FCmp(LLVMRealPredicate.LLVMRealULT, a, b);
        var equal = e.X87FCmp(LLVMRealPredicate.LLVMRealUEQ, a, b);
        e.X87SetCc(less, e.False, unordered, equal);
        // fcom (not fucom) raises IE on any NaN; fucom only on signalling NaNs (not distinguished here).
        if (e.Insn.Mnemonic is Mnemonic.Fcom or Mnemonic.Fcomp or Mnemonic.Fcompp or Mnemonic.Ficom or Mnemonic.Ficomp)
            e.X87OrSw(unordered, Emitter.X87SwIE);
    }

    private static void Fcom(Emitter e, int pops)
    {
        var src = e.Insn.OpCount == 0 ? e.X87Get(1) : X87.Source(e);
        SetCompareCc(e, e.X87Get(0), src);
        for (int i = 0; i < pops; i++) e.X87Pop();
    }

    /// <summary>ZF PF CF = 000 (&gt;), 001 (&lt;), 100 (=), 111 (unordered); OF SF AF cleared.</summary>
    private static void Fcomi(Emitter e, bool pop)
    {
        var a = e.X87Get(0);
        var b = e.X87Get(X87.StIndex(e, 1));
        var unordered = e.X87FCmp(LLVMRealPredicate.LLVMRealUNO, a, b);
        e.SetFlag(Flag.ZF, e.X87FCmp(LLVMRealPredicate.LLVMRealUEQ, a, b));
        e.SetFlag(Flag.PF, unordered);
        e.SetFlag(Flag.CF, e.X87FCmp(LLVMRealPredicate.LLVMRealULT, a, b));
        e.SetFlag(Flag.OF, e.False);
        e.SetFlag(Flag.SF, e.False);
        e.SetFlag(Flag.AF, e.False);
        e.X87SetCc(null, e.False, null, null);
        if (e.Insn.Mnemonic is Mnemonic.Fcomi or Mnemonic.Fcomip) e.X87OrSw(unordered, Emitter.X87SwIE);
        if (pop) e.X87Pop();
    }

    /// <summary>C1 = sign; C3 C2 C0 = class: NaN 001, normal 010, infinity 011, zero 100, empty 101, denormal 110.</summary>
    private static void Fxam(Emitter e)
    {
        var bits = e.X87Bits(e.X87Get(0));
        var exp = e.And(e.LShr(bits, 52), e.Const(64, 0x7ff));
        var frac = e.And(bits, e.Const(64, (1UL << 52) - 1));
        var sign = e.IsNegative(bits);
        var empty = e.X87IsEmpty(0);
        var expMax = e.Eq(exp, e.Const(64, 0x7ff));
        var expZero = e.Eq(exp, e.Const(64, 0));
        var fracZero = e.IsZero(frac);
        var nan = e.And(expMax, e.Not(fracZero));
        var inf = e.And(expMax, fracZero);
        var zero = e.And(expZero, fracZero);
        var denormal = e.And(expZero, e.Not(fracZero));
        var normal = e.Not(e.Or(expMax, expZero));
        // C0: NaN, infinity, empty; C2: normal, infinity, denormal; C3: zero, empty, denormal
        var c0 = e.Or(e.Or(nan, inf), empty);
        var c2 = e.And(e.Not(empty), e.Or(e.Or(normal, inf), denormal));
        var c3 = e.Or(e.Or(e.And(zero, e.Not(empty)), empty), e.And(denormal, e.Not(empty)));
        e.X87SetCc(e.And(c0, e.Or(empty, e.Or(nan, inf))), sign, c2, c3);
    }

    private static void Fnstsw(Emitter e) => e.Write(0, e.X87FullSw());

    private static void Init(Emitter e)
    {
        e.X87SetCw(e.Const(16, 0x037f));
        e.X87SetSw(e.Const(16, 0));
        e.X87SetTop(e.Const(32, 0));
        e.StorePtr(e.Const(64, 0x0101010101010101UL), e.StateField(GuestStateLayout.FpuTags), 1);
    }

    /// <summary>void name(GuestState *, void *memory, int layout) with layout 16 or 32 (operand size).</summary>
    private static void Env(Emitter e, string name)
    {
        int layout = e.Insn.MemorySize is MemorySize.FpuEnv14 or MemorySize.FpuState94 ? 16 : 32;
        e.CallHelper(name, e.T.Void, new[] { e.T.Ptr, e.T.Ptr, e.T.I32 },
            e.State, e.IntToPtr(e.Address()), e.Const(32, (ulong)layout));
    }
}
