using Iced.Intel;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting.Semantics;

/// <summary>String instructions movs/stos/lods/scas/cmps with rep/repe/repne prefixes.</summary>
public static class StringOps
{
    /// <summary>Handlers for the non-string instructions that share a mnemonic with a string instruction
    /// (SSE2 movsd and cmpsd): the SSE category puts its handlers here instead of registering the mnemonic.</summary>
    public static readonly Dictionary<Mnemonic, InstructionHandler> VectorForms = new();

    public static void AddTo(SemanticsTable t)
    {
        t.Add(e => Lift(e, StringKind.Movs), Mnemonic.Movsb, Mnemonic.Movsw, Mnemonic.Movsq);
        t.Add(e => Lift(e, StringKind.Stos), Mnemonic.Stosb, Mnemonic.Stosw, Mnemonic.Stosd, Mnemonic.Stosq);
        t.Add(e => Lift(e, StringKind.Lods), Mnemonic.Lodsb, Mnemonic.Lodsw, Mnemonic.Lodsd, Mnemonic.Lodsq);
        t.Add(e => Lift(e, StringKind.Scas), Mnemonic.Scasb, Mnemonic.Scasw, Mnemonic.Scasd, Mnemonic.Scasq);
        t.Add(e => Lift(e, StringKind.Cmps), Mnemonic.Cmpsb, Mnemonic.Cmpsw, Mnemonic.Cmpsq);
        t.Add(Mnemonic.Movsd, e => Shared(e, StringKind.Movs));
        t.Add(Mnemonic.Cmpsd, e => Shared(e, StringKind.Cmps));
    }

    private enum StringKind { Movs, Stos, Lods, Scas, Cmps }

    /// <summary>Whether the instruction is a string instruction (rather than e.g. SSE2 movsd/cmpsd).</summary>
    public static bool IsStringForm(in Instruction insn)
    {
        for (int i = 0; i < insn.OpCount; i++)
            if (AddressBitsOf(insn.GetOpKind(i)) != 0) return true;
        return false;
    }

    private static void Shared(Emitter e, StringKind kind)
    {
        if (IsStringForm(e.Insn))
        {
            Lift(e, kind);
            return;
        }
        if (VectorForms.TryGetValue(e.Insn.Mnemonic, out var handler))
        {
            handler(e);
            return;
        }
        throw new UnsupportedInstructionException("vector form of a string mnemonic");
    }

    private static int AddressBitsOf(OpKind k) => k switch
    {
        OpKind.MemorySegRSI or OpKind.MemoryESRDI => 64,
        OpKind.MemorySegESI or OpKind.MemoryESEDI => 32,
        OpKind.MemorySegSI or OpKind.MemoryESDI => 16,
        _ => 0,
    };

    private const int Rcx = 1, Rsi = 6, Rdi = 7;

    private sealed class Context
    {
        public required Emitter E;
        public required StringKind Kind;
        public required int AddrBits;
        public required int Size;
        public required Register Segment;

        public LLVMValueRef Get(int reg) => E.Trunc(E.GetGpr64(reg), AddrBits);
        public void Set(int reg, LLVMValueRef v) => E.SetGpr64(reg, E.ZExt(v, 64));

        public LLVMValueRef Delta() =>
            E.Select(E.GetFlag(Flag.DF), E.Const(AddrBits, (ulong)-(long)Size), E.Const(AddrBits, (ulong)Size));

        public LLVMValueRef Source() => E.WithSegment(Get(Rsi), Segment);
        public LLVMValueRef Destination() => E.ZExt(Get(Rdi), 64);
        public Register Acc => Size switch { 1 => Register.AL, 2 => Register.AX, 4 => Register.EAX, _ => Register.RAX };
    }

    private static void Lift(Emitter e, StringKind kind)
    {
        int addrBits = 0;
        for (int i = 0; i < e.Insn.OpCount && addrBits == 0; i++) addrBits = AddressBitsOf(e.Insn.GetOpKind(i));
        if (addrBits == 0) throw new UnsupportedInstructionException("string instruction without string operands");
        if (addrBits == 16) throw new UnsupportedInstructionException("16-bit address size");
        var c = new Context
        {
            E = e, Kind = kind, AddrBits = addrBits, Size = e.Insn.MemorySize.GetSize(),
            Segment = kind is StringKind.Movs or StringKind.Lods or StringKind.Cmps ? e.Insn.MemorySegment : Register.ES,
        };
        bool rep = e.Insn.HasRepPrefix || e.Insn.HasRepnePrefix;
        if (!rep)
        {
            Step(c);
            return;
        }
        bool conditional = kind is StringKind.Scas or StringKind.Cmps;
        // repe continues while ZF = 1, repne while ZF = 0.
        bool whileEqual = e.Insn.HasRepePrefix;

        var check = e.NewBlock("rep.check");
        var body = e.NewBlock("rep.body");
        var exit = e.NewBlock("rep.exit");
        if (kind is StringKind.Movs || (kind is StringKind.Stos && c.Size == 1))
        {
            var fast = e.NewBlock("rep.fast");
            LLVMBuildCondBr(e.B, FastPathOk(c), fast, check);
            e.PositionAt(fast);
            FastPath(c);
            LLVMBuildBr(e.B, exit);
        }
        else
            LLVMBuildBr(e.B, check);

        e.PositionAt(check);
        LLVMBuildCondBr(e.B, e.IsZero(c.Get(Rcx)), exit, body);

        e.PositionAt(body);
        var equal = Step(c);
        c.Set(Rcx, e.Sub(c.Get(Rcx), e.Const(addrBits, 1)));
        if (conditional)
        {
            // The comparison result itself, not the ZF slot: ZF is not stored when nothing reads it later.
            var zf = equal!.Value;
            LLVMBuildCondBr(e.B, whileEqual ? zf : e.Not(zf), check, exit);
        }
        else
            LLVMBuildBr(e.B, check);
        e.PositionAt(exit);
    }

    /// <summary>One iteration without the prefix; for scas/cmps returns whether the elements were equal (ZF).</summary>
    private static LLVMValueRef? Step(Context c)
    {
        var e = c.E;
        int bits = c.Size * 8;
        var delta = c.Delta();
        switch (c.Kind)
        {
            case StringKind.Movs:
            {
                var v = e.Load(c.Source(), e.T.Int(bits));
                e.Store(c.Destination(), v);
                c.Set(Rsi, e.Add(c.Get(Rsi), delta));
                c.Set(Rdi, e.Add(c.Get(Rdi), delta));
                break;
            }
            case StringKind.Stos:
                e.Store(c.Destination(), e.GetGpr(c.Acc));
                c.Set(Rdi, e.Add(c.Get(Rdi), delta));
                break;
            case StringKind.Lods:
                e.SetGpr(c.Acc, e.Load(c.Source(), e.T.Int(bits)));
                c.Set(Rsi, e.Add(c.Get(Rsi), delta));
                break;
            case StringKind.Scas:
            {
                var acc = e.GetGpr(c.Acc);
                var m = e.Load(c.Destination(), e.T.Int(bits));
                e.SetSubFlags(acc, m, e.Sub(acc, m));
                c.Set(Rdi, e.Add(c.Get(Rdi), delta));
                return e.Eq(acc, m);
            }
            default:
            {
                var a = e.Load(c.Source(), e.T.Int(bits));
                var b = e.Load(c.Destination(), e.T.Int(bits));
                e.SetSubFlags(a, b, e.Sub(a, b));
                c.Set(Rsi, e.Add(c.Get(Rsi), delta));
                c.Set(Rdi, e.Add(c.Get(Rdi), delta));
                return e.Eq(a, b);
            }
        }
        return null;
    }

    /// <summary>Forward rep movs/stosb may use memmove/memset: for movs only when the element-wise forward copy
    /// cannot read what it wrote (dst &lt;= src or dst &gt;= src + bytes).</summary>
    private static LLVMValueRef FastPathOk(Context c)
    {
        var e = c.E;
        var forward = e.Not(e.GetFlag(Flag.DF));
        if (c.Kind == StringKind.Stos) return forward;
        var src = c.Source();
        var dst = c.Destination();
        var bytes = e.Mul(e.ZExt(c.Get(Rcx), 64), e.Const(64, (ulong)c.Size));
        var safe = e.Or(e.Ule(dst, src), e.Ule(e.Add(src, bytes), dst));
        return e.And(forward, safe);
    }

    private static void FastPath(Context c)
    {
        var e = c.E;
        var count = c.Get(Rcx);
        var bytes = e.Mul(e.ZExt(count, 64), e.Const(64, (ulong)c.Size));
        var advance = e.Mul(count, e.Const(c.AddrBits, (ulong)c.Size));
        if (c.Kind == StringKind.Stos)
            LLVMBuildMemSet(e.B, e.IntToPtr(c.Destination()), e.GetGpr(Register.AL), bytes, 1);
        else
        {
            LLVMBuildMemMove(e.B, e.IntToPtr(c.Destination()), 1, e.IntToPtr(c.Source()), 1, bytes);
            c.Set(Rsi, e.Add(c.Get(Rsi), advance));
        }
        c.Set(Rdi, e.Add(c.Get(Rdi), advance));
        c.Set(Rcx, e.Const(c.AddrBits, 0));
    }
}
