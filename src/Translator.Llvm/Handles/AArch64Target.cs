using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm;

/// <summary>AArch64 back end of libLLVM: one-time, thread-safe initialisation and target-machine creation.</summary>
public static class AArch64Target
{
    public const string Triple = "aarch64-unknown-linux-gnu";

    private static readonly object s_lock = new();
    private static volatile bool s_initialized;
    private static LLVMTargetRef s_target;

    /// <summary>Registers the AArch64 target, MC layer, asm printer/parser and disassembler. Idempotent and thread-safe.</summary>
    public static void Initialize()
    {
        if (s_initialized)
            return;
        lock (s_lock)
        {
            if (s_initialized)
                return;
            LLVMInitializeAArch64TargetInfo();
            LLVMInitializeAArch64Target();
            LLVMInitializeAArch64TargetMC();
            LLVMInitializeAArch64AsmPrinter();
            LLVMInitializeAArch64AsmParser();
            LLVMInitializeAArch64Disassembler();
            if (LLVMGetTargetFromTriple(Triple, out var target, out var err) != 0)
                throw new LlvmException($"no LLVM target for {Triple}: {TakeMessage(err)}");
            TakeMessage(err);
            s_target = target;
            s_initialized = true;
        }
    }

    public static LLVMTargetRef Target
    {
        get
        {
            Initialize();
            return s_target;
        }
    }

    /// <summary>
    /// Creates a target machine for <see cref="Triple"/>. A target machine is not safe for concurrent code generation:
    /// create one per worker thread (calls on a shared instance are serialised by an internal lock).
    /// </summary>
    public static LlvmTargetMachine CreateTargetMachine(
        LLVMCodeGenOptLevel optLevel = LLVMCodeGenOptLevel.LLVMCodeGenLevelDefault,
        LLVMRelocMode relocMode = LLVMRelocMode.LLVMRelocStatic,
        LLVMCodeModel codeModel = LLVMCodeModel.LLVMCodeModelDefault,
        string cpu = "generic",
        string features = "")
    {
        var tm = LLVMCreateTargetMachine(Target, Triple, cpu, features, optLevel, relocMode, codeModel);
        if (tm.IsNull)
            throw new LlvmException($"LLVMCreateTargetMachine failed (cpu={cpu}, features={features})");
        return new LlvmTargetMachine(tm);
    }
}
