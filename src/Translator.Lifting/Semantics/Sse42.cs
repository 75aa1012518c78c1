using Iced.Intel;
using Translator.Llvm.Interop;

namespace Translator.Lifting.Semantics;

/// <summary>SSE4.2: pcmpestri/pcmpestrm/pcmpistri/pcmpistrm and crc32. The string-compare core (lengths, the
/// element comparison matrix, aggregation and polarity) is the runtime's xlate_pcmpstr (runtime/src/sse42.c);
/// flags, index and mask are derived here from the IntRes2 it returns.</summary>
public static class Sse42
{
    public static void AddTo(SemanticsTable t)
    {
        t.Add(e => StringCompare(e, explicitLengths: true, mask: false), Mnemonic.Pcmpestri, Mnemonic.Pcmpestri64);
        t.Add(e => StringCompare(e, explicitLengths: true, mask: true), Mnemonic.Pcmpestrm, Mnemonic.Pcmpestrm64);
        t.Add(Mnemonic.Pcmpistri, e => StringCompare(e, explicitLengths: false, mask: false));
        t.Add(Mnemonic.Pcmpistrm, e => StringCompare(e, explicitLengths: false, mask: true));
        t.Add(Mnemonic.Crc32, Crc32);
    }

    private static void StringCompare(Emitter e, bool explicitLengths, bool mask)
    {
        int imm = (int)e.Insn.GetImmediate(2) & 0xff;
        bool words = (imm & 1) != 0;
        int n = words ? 8 : 16;
        LLVMValueRef la = e.Const(64, 0), lb = e.Const(64, 0);
        if (explicitLengths)
        {
            bool wide = e.Insn.Mnemonic is Mnemonic.Pcmpestri64 or Mnemonic.Pcmpestrm64;
            la = wide ? e.GetGpr64(0) : e.SExt(e.GetGpr(Register.EAX), 64);
            lb = wide ? e.GetGpr64(2) : e.SExt(e.GetGpr(Register.EDX), 64);
        }
        uint ctl = (uint)imm | (explicitLengths ? 0x100u : 0u);
        var result = e.CallHelper("xlate_pcmpstr", e.T.I32, new[] { e.T.I128, e.T.I128, e.T.I64, e.T.I64, e.T.I32 },
            e.Read(0, 128), e.Read(1, 128), la, lb, e.Const(32, ctl));
        var res2 = e.And(result, e.Const(32, 0xffff));
        e.SetFlag(Flag.CF, e.IsNonZero(res2));
        e.SetFlag(Flag.ZF, e.IsNonZero(e.And(result, e.Const(32, 1 << 16))));
        e.SetFlag(Flag.SF, e.IsNonZero(e.And(result, e.Const(32, 1 << 17))));
        e.SetFlag(Flag.OF, e.IsNonZero(e.And(result, e.Const(32, 1))));
        e.SetFlag(Flag.AF, e.False);
        e.SetFlag(Flag.PF, e.False);
        if (!mask)
        {
            bool mostSignificant = (imm & 0x40) != 0;
            var bit = mostSignificant ? e.Sub(e.Const(32, 31), e.Ctlz(res2, false)) : e.Cttz(res2, false);
            e.SetGpr(Register.ECX, e.Select(e.IsZero(res2), e.Const(32, (ulong)n), bit));
            return;
        }
        if ((imm & 0x40) == 0)
        {
            e.SetXmm(0, e.ZExt(res2, 128));
            return;
        }
        var lanes = e.BitCast(e.Trunc(res2, n), e.VecType(e.T.I1, n));
        e.SetXmm(0, e.BitCast(e.VSExt(lanes, e.IntVec(128 / n).Type), e.T.I128));
    }

    /// <summary>crc32 r32/r64, r/m8/16/32/64: CRC-32C of the source bytes, continuing from the destination.</summary>
    private static void Crc32(Emitter e)
    {
        int srcBits = e.OpBits(1);
        var crc = e.Trunc(e.Read(0, e.OpBits(0)), 32);
        var data = e.ZExt(e.Read(1, srcBits), 64);
        var r = e.CallHelper("xlate_crc32c", e.T.I32, new[] { e.T.I32, e.T.I64, e.T.I32 },
            crc, data, e.Const(32, (ulong)srcBits / 8));
        e.Write(0, e.ZExt(r, e.OpBits(0)));
    }
}
