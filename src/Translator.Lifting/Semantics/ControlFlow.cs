using Iced.Intel;

namespace Translator.Lifting.Semantics;

/// <summary>Which instructions end a block; their lifting lives in <see cref="FunctionLifter"/>, which knows the CFG.</summary>
public static class ControlFlow
{
    public static bool IsControlTransfer(in Instruction insn) =>
        insn.Mnemonic is not (Mnemonic.Syscall or Mnemonic.Sysenter) && insn.FlowControl switch
    {
        FlowControl.Call or FlowControl.IndirectCall or FlowControl.UnconditionalBranch or FlowControl.IndirectBranch
            or FlowControl.ConditionalBranch or FlowControl.Return => true,
        _ => false,
    };
}
