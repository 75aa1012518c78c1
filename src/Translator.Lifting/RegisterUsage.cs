using Iced.Intel;
using Translator.Cfg;

namespace Translator.Lifting;

/// <summary>Which guest registers a function touches. Only those live in SSA slots: the others stay in
/// GuestState untouched, so calls and exits need not reload or store them.</summary>
internal sealed class RegisterUsage
{
    public readonly bool[] GprUsed = new bool[16], GprWritten = new bool[16];
    public readonly bool[] XmmUsed = new bool[16], XmmWritten = new bool[16];
    /// <summary>Upper ymm halves: only VEX-encoded instructions read or write them (legacy SSE keeps them).</summary>
    public readonly bool[] YmmHighUsed = new bool[16], YmmHighWritten = new bool[16];

    public static RegisterUsage Of(GuestFunction function)
    {
        var u = new RegisterUsage();
        u.GprUsed[4] = u.GprWritten[4] = true;
        var factory = new InstructionInfoFactory();
        foreach (var block in function.Blocks.Values)
        foreach (var insn in block.Instructions)
        {
            var info = factory.GetInfo(insn);
            bool vex = insn.Encoding == EncodingKind.VEX;
            if (insn.Mnemonic is Mnemonic.Vzeroupper or Mnemonic.Vzeroall)
                for (int r = 0; r < 16; r++) { u.Mark(Register.XMM0 + r, true); u.MarkYmmHigh(Register.XMM0 + r, true); }
            foreach (var used in info.GetUsedRegisters())
            {
                bool write = used.Access is OpAccess.Write or OpAccess.ReadWrite or OpAccess.CondWrite or OpAccess.ReadCondWrite;
                u.Mark(used.Register, write);
                if (vex) u.MarkYmmHigh(used.Register, write);
            }
            for (int i = 0; i < insn.OpCount; i++)
                if (insn.GetOpKind(i) == OpKind.Register) u.Mark(insn.GetOpRegister(i), write: false);
            if (insn.MemoryBase != Register.None) u.Mark(insn.MemoryBase, false);
            if (insn.MemoryIndex != Register.None) u.Mark(insn.MemoryIndex, false);
        }
        return u;
    }

    private void MarkYmmHigh(Register r, bool write)
    {
        if (!Emitter.IsVectorRegister(r)) return;
        int i = Emitter.VectorIndex(r) & 15;
        YmmHighUsed[i] = true;
        if (write) YmmHighWritten[i] = true;
    }

    private void Mark(Register r, bool write)
    {
        if (r.IsGPR())
        {
            int i = Emitter.GprIndex(r);
            GprUsed[i] = true;
            if (write) GprWritten[i] = true;
        }
        else if (Emitter.IsVectorRegister(r))
        {
            int i = Emitter.VectorIndex(r) & 15;
            XmmUsed[i] = true;
            if (write) XmmWritten[i] = true;
        }
    }
}
