using Iced.Intel;

namespace Translator.Lifting.Semantics;

/// <summary>SSE..SSE4.1 semantics (XMM registers held as i128, operated on as LLVM vectors).</summary>
public static class Sse
{
    public static void AddTo(SemanticsTable t)
    {
        SseMove.AddTo(t);
        SseShuffle.AddTo(t);
        SseInteger.AddTo(t);
        SseFloat.AddTo(t);
        SseConvert.AddTo(t);
        Mmx.AddTo(t);
        Sse42.AddTo(t);
    }

    /// <summary>SSE2 movsd (scalar double move); Iced shares the mnemonic with the string instruction.</summary>
    public static void MovsdXmm(Emitter e) => SseMove.MovScalar(e, 64);

    /// <summary>SSE2 cmpsd (scalar double compare); Iced shares the mnemonic with the string instruction.</summary>
    public static void CmpsdXmm(Emitter e) => SseFloat.Compare(e, 64, packed: false);

    /// <summary>Whether an instruction uses an XMM register operand (tells SSE movsd/cmpsd from the string forms,
    /// which share their Iced mnemonic).</summary>
    public static bool HasXmmOperand(in Instruction insn)
    {
        for (int i = 0; i < insn.OpCount; i++)
            if (insn.GetOpKind(i) == OpKind.Register && insn.GetOpRegister(i).IsXMM()) return true;
        return false;
    }

    /// <summary>Throws for MMX-register forms of instructions that also exist for XMM (not supported).</summary>
    public static void RejectMmx(Emitter e)
    {
        for (int i = 0; i < e.Insn.OpCount; i++)
            if (e.Insn.GetOpKind(i) == OpKind.Register && e.Insn.GetOpRegister(i).IsMM())
                throw new UnsupportedInstructionException($"MMX form of {e.Insn.Mnemonic}");
    }
}
