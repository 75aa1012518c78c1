using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Iced.Intel;
using Translator.Cfg;
using Translator.X86;

namespace Translator.Lifting;

/// <summary>
/// What the x86 calling conventions let a caller assume about a callee. Compiled code preserves the callee-saved
/// registers (x86-64: rbx, rbp, r12-r15; i386: ebx, esi, edi, ebp), so after a call that returns where expected
/// the caller keeps its SSA values for them instead of reloading. Hand-written code can break the rule (i386
/// __x86.get_pc_thunk.* returns its result in ebx), so a direct callee only counts as preserving a register it
/// writes if its entry block saves that register with a push.
/// </summary>
public static class CallingConvention
{
    private static readonly bool[] X64CalleeSaved = Mask(3, 5, 12, 13, 14, 15);
    private static readonly bool[] I386CalleeSaved = Mask(3, 5, 6, 7);
    private static readonly ConditionalWeakTable<GuestFunction, StrongBox<bool>> Verdicts = new();

    public static bool[] CalleeSaved(GuestMode mode) => mode == GuestMode.X64 ? X64CalleeSaved : I386CalleeSaved;

    public static bool PreservesCalleeSaved(GuestFunction callee, GuestMode mode) =>
        Verdicts.GetValue(callee, f => new StrongBox<bool>(Compute(f, mode))).Value;

    private static bool Compute(GuestFunction f, GuestMode mode)
    {
        var saved = CalleeSaved(mode);
        var usage = RegisterUsage.Of(f);
        var pushed = new bool[16];
        if (f.Blocks.TryGetValue(f.Entry, out var entry))
            foreach (var insn in entry.Instructions)
                if (insn.Mnemonic == Mnemonic.Push && insn.Op0Kind == OpKind.Register && insn.Op0Register.IsGPR())
                    pushed[Emitter.GprIndex(insn.Op0Register)] = true;
        for (int i = 0; i < 16; i++)
            if (saved[i] && usage.GprWritten[i] && !pushed[i]) return false;
        return true;
    }

    private static bool[] Mask(params int[] indices)
    {
        var m = new bool[16];
        foreach (int i in indices) m[i] = true;
        return m;
    }
}
