using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>
/// AVX/AVX2 (VEX-encoded) instructions. Most are the SSE instruction of the same name with a non-destructive source
/// (VEX.vvvv) and, in their 256-bit form, the same operation applied to each 128-bit half. Those are lifted by
/// rewriting the instruction into its legacy SSE twin (an Iced <see cref="Code"/> found by name) and running the
/// SSE handler once per half on scratch registers: AArch64 NEON is 128 bits wide, so a ymm register is two halves
/// anyway (xmm and <see cref="GuestStateLayout.YmmHigh"/>). A VEX.128 write zeroes the destination's upper half.
/// Instructions whose lanes cross the halves, or that have no SSE twin, have their own handlers
/// (<see cref="AvxLanes"/>, …), looked up by Code first.
/// </summary>
public static class Avx
{
    private static readonly Lazy<Dictionary<Code, Code>> twins = new(FindTwins);
    private static readonly Dictionary<Code, InstructionHandler> dedicated = DedicatedForms();

    private static Dictionary<Code, InstructionHandler> DedicatedForms()
    {
        var forms = new AvxForms();
        AvxLanes.AddTo(forms);
        AvxInteger.AddTo(forms);
        AvxFloat.AddTo(forms);
        return forms.Handlers;
    }

    /// <summary>Must run after every SSE category registered its handlers (twins are found through the table).</summary>
    public static void AddTo(SemanticsTable t)
    {
        var mnemonics = new HashSet<Mnemonic>(dedicated.Keys.Select(c => c.Mnemonic()));
        foreach (var (vex, legacy) in twins.Value)
            if (t.TryGet(legacy.Mnemonic(), out _)) mnemonics.Add(vex.Mnemonic());
        foreach (var m in mnemonics)
            if (!t.TryGet(m, out _)) t.Add(m, e => Lift(e, t));
    }

    /// <summary>The VEX forms lifted through an SSE twin (for the coverage report and tests).</summary>
    public static IReadOnlyDictionary<Code, Code> Twins => twins.Value;

    /// <summary>The VEX forms with a handler of their own.</summary>
    public static IEnumerable<Code> DedicatedCodes => dedicated.Keys;

    private static void Lift(Emitter e, SemanticsTable t)
    {
        var code = e.Insn.Code;
        if (dedicated.TryGetValue(code, out var own)) { own(e); return; }
        if (!twins.Value.TryGetValue(code, out var legacy) || !t.TryGet(legacy.Mnemonic(), out var handler))
            throw new UnsupportedInstructionException($"AVX form {code}");
        LiftAsTwin(e, legacy, handler);
    }

    private static void LiftAsTwin(Emitter e, Code legacy, InstructionHandler handler)
    {
        var vex = e.Insn;
        var op = vex.Code.ToOpCode();
        bool wide = IsYmm(vex, op, 0);
        if (!wide && Enumerable.Range(0, vex.OpCount).Any(i => IsYmm(vex, op, i)))
            throw new UnsupportedInstructionException($"AVX form {vex.Code} (lanes cross the 128-bit halves)");
        int vvvv = VvvvIndex(op);
        if (vvvv > 1) throw new UnsupportedInstructionException($"AVX form {vex.Code} (vvvv operand {vvvv})");
        int shift = vvvv >= 0 ? 1 : 0;   // legacy operand k >= 1 is VEX operand k + shift
        var dst = vex.Op0Kind == OpKind.Register ? vex.Op0Register : Register.None;
        bool dstVector = dst.IsXMM() || dst.IsYMM();

        for (int half = 0; half < (wide ? 2 : 1); half++)
        {
            var li = vex;
            li.Code = legacy;
            if (half == 1 && IsYmm(vex, op, MemoryOperand(vex)))
                li.MemoryDisplacement64 = vex.MemoryDisplacement64 + 16;
            if (half == 1 && ImmediateShiftOfUpperHalf(legacy.Mnemonic()) is int immShift and > 0)
                li.Immediate8 = (byte)(vex.Immediate8 >> immShift);

            int scratch = 0;
            bool dstScratch = dstVector && (vvvv >= 0 || half == 1);
            if (dstScratch)
            {
                // NDS (vvvv = operand 1) and NDD (vvvv = operand 0) forms alike: the SSE destination starts as VEX operand 1
                var init = vvvv >= 0 ? vex.Op1Register : dst;
                e.SetXmm(16, Half(e, init, half));
                li.Op0Kind = OpKind.Register;
                li.Op0Register = Register.XMM16;
                scratch = 1;
            }
            else if (dstVector)
                li.Op0Register = ToXmm(dst);

            for (int k = 1; k < li.OpCount; k++)
            {
                int j = k + shift;
                var kind = vex.GetOpKind(j);
                li.SetOpKind(k, kind);
                if (kind != OpKind.Register) continue;
                var r = vex.GetOpRegister(j);
                if (half == 1 && r.IsYMM())
                {
                    if (scratch >= Emitter.ScratchXmmCount) throw new UnsupportedInstructionException($"AVX form {vex.Code} (operands)");
                    e.SetXmm(16 + scratch, e.GetYmmHigh(Emitter.VectorIndex(r)));
                    li.SetOpRegister(k, Register.XMM16 + scratch++);
                }
                else
                    li.SetOpRegister(k, ToXmm(r));
            }

            e.Insn = li;
            try { handler(e); }
            finally { e.Insn = vex; }

            if (dstScratch)
            {
                int d = Emitter.VectorIndex(dst);
                if (half == 0) e.SetXmm(d, e.GetXmm(16));
                else e.SetYmmHigh(d, e.GetXmm(16));
            }
        }
        if (!wide)
            foreach (var written in WrittenVectorRegisters(vex))
                e.SetYmmHigh(written, e.Const(128, 0));
    }

    [ThreadStatic] private static InstructionInfoFactory? infoFactory;

    /// <summary>Vector registers a VEX.128 instruction writes, explicitly or not (vpcmpestrm writes xmm0; the first
    /// operand of vucomiss or vpcmpestri is only read): their upper halves become zero.</summary>
    private static IEnumerable<int> WrittenVectorRegisters(in Instruction insn)
    {
        var info = (infoFactory ??= new InstructionInfoFactory()).GetInfo(insn);
        var written = new List<int>();
        foreach (var used in info.GetUsedRegisters())
        {
            if (used.Access is not (OpAccess.Write or OpAccess.ReadWrite or OpAccess.CondWrite or OpAccess.ReadCondWrite)) continue;
            if (Emitter.IsVectorRegister(used.Register)) written.Add(Emitter.VectorIndex(used.Register));
        }
        return written.Where(i => i < 16).Distinct();
    }

    /// <summary>The 128-bit half <paramref name="half"/> of an xmm/ymm register.</summary>
    internal static LLVMValueRef Half(Emitter e, Register r, int half) =>
        half == 0 ? e.GetXmm(Emitter.VectorIndex(r)) : e.GetYmmHigh(Emitter.VectorIndex(r));

    internal static Register ToXmm(Register r) => r.IsYMM() ? Register.XMM0 + (r - Register.YMM0) : r;

    private static int MemoryOperand(in Instruction insn)
    {
        for (int i = 0; i < insn.OpCount; i++)
            if (insn.GetOpKind(i) == OpKind.Memory) return i;
        return -1;
    }

    /// <summary>Whether operand <paramref name="i"/> is 256 bits wide (a ymm register or 32 bytes of memory).</summary>
    internal static bool IsYmm(in Instruction insn, OpCodeInfo op, int i)
    {
        if (i < 0 || i >= insn.OpCount) return false;
        return op.GetOpKind(i) switch
        {
            OpCodeOperandKind.ymm_or_mem or OpCodeOperandKind.ymm_reg or OpCodeOperandKind.ymm_rm
                or OpCodeOperandKind.ymm_vvvv or OpCodeOperandKind.ymm_is4 => insn.GetOpKind(i) != OpKind.Memory || insn.MemorySize.GetSize() == 32,
            OpCodeOperandKind.mem => insn.MemorySize.GetSize() == 32,
            _ => false,
        };
    }

    private static int VvvvIndex(OpCodeInfo op)
    {
        for (int i = 0; i < op.OpCount; i++)
            if (op.GetOpKind(i) is OpCodeOperandKind.xmm_vvvv or OpCodeOperandKind.ymm_vvvv) return i;
        return -1;
    }

    /// <summary>256-bit forms whose immediate has separate bits for the upper half.</summary>
    private static int? ImmediateShiftOfUpperHalf(Mnemonic legacy) => legacy switch
    {
        Mnemonic.Shufpd or Mnemonic.Blendpd => 2,
        Mnemonic.Mpsadbw => 3,
        Mnemonic.Blendps => 4,
        _ => null,
    };

    /// <summary>VEX_Vxxx_ops → Xxx_ops with the vvvv operand dropped and ymm/m256 read as xmm/m128, where that
    /// legacy Code exists (e.g. VEX_Vaddps_ymm_ymm_ymmm256 → Addps_xmm_xmmm128).</summary>
    private static Dictionary<Code, Code> FindTwins()
    {
        var legacyByName = Enum.GetValues<Code>().Distinct().ToDictionary(c => c.ToString(), c => c);
        var result = new Dictionary<Code, Code>();
        foreach (var code in legacyByName.Values)
        {
            var name = code.ToString();
            if (!name.StartsWith("VEX_V", StringComparison.Ordinal)) continue;
            var parts = name[5..].Split('_').ToList();
            int vvvv = VvvvIndex(code.ToOpCode());
            if (vvvv >= 0) parts.RemoveAt(1 + vvvv);
            for (int i = 1; i < parts.Count; i++)
                parts[i] = parts[i] switch { "ymm" => "xmm", "ymmm256" => "xmmm128", "m256" => "m128", var p => p };
            var mnemonic = char.ToUpperInvariant(parts[0][0]) + parts[0][1..];
            var legacy = Candidates(parts.Skip(1).Where(p => p != "0F11").ToList(), 0)
                .Select(ops => mnemonic + "_" + ops)
                .Select(n => legacyByName.TryGetValue(n, out var c) && c.ToOpCode().Encoding == EncodingKind.Legacy ? c : (Code?)null)
                .FirstOrDefault(c => c != null);
            if (legacy is { } l) result[code] = l;
        }
        return result;
    }

    /// <summary>Operand spellings of the SSE twin: VEX has register-only and memory-only Codes where SSE has one
    /// xmm/mem Code (vmovss xmm, xmm, xmm and vmovss xmm, m32 are both movss xmm, xmm/m32).</summary>
    private static IEnumerable<string> Candidates(List<string> ops, int i)
    {
        if (i == ops.Count) { yield return ""; yield break; }
        var p = ops[i];
        var spellings = new List<string> { p };
        if (p == "xmm") spellings.AddRange(new[] { "xmmm32", "xmmm64", "xmmm128" });
        if (p.Length > 1 && p[0] == 'm' && char.IsDigit(p[1])) spellings.Add("xmm" + p);
        foreach (var s in spellings)
        foreach (var rest in Candidates(ops, i + 1))
            yield return rest.Length == 0 ? s : s + "_" + rest;
    }
}

/// <summary>Handlers for particular VEX forms (Codes), e.g. only the 256-bit form of a mnemonic.</summary>
public sealed class AvxForms
{
    internal readonly Dictionary<Code, InstructionHandler> Handlers = new();

    public void Add(InstructionHandler handler, params Code[] codes)
    {
        foreach (var c in codes)
            if (!Handlers.TryAdd(c, handler)) throw new InvalidOperationException($"two AVX handlers for {c}");
    }
}
