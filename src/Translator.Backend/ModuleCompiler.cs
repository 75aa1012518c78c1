using Translator.Cfg;
using Translator.Lifting;
using Translator.Llvm;
using Translator.Llvm.Interop;

namespace Translator.Backend;

/// <summary>Lifts, optimises and compiles groups of guest functions to AArch64 objects, one LLVM context per
/// group, groups in parallel.</summary>
public static class ModuleCompiler
{
    /// <summary>Splits functions into groups of neighbouring addresses (callers and callees often sit close,
    /// so more calls stay inside one module where LLVM can inline them).</summary>
    public static List<List<GuestFunction>> Partition(GuestProgram program, int functionsPerModule)
    {
        var groups = new List<List<GuestFunction>>();
        foreach (var f in program.Functions.Values)
        {
            if (groups.Count == 0 || groups[^1].Count >= functionsPerModule) groups.Add(new List<GuestFunction>());
            groups[^1].Add(f);
        }
        return groups;
    }

    public static byte[] CompileGroup(GuestProgram program, IReadOnlyList<GuestFunction> functions, CodegenOptions options,
        LiftDiagnostics diagnostics, string name)
    {
        using var context = new LlvmContext();
        using var module = context.CreateModule(name);
        ProgramLifter.Lift(module, program, functions, diagnostics, options.Lift);
        return Finish(module, options, name);
    }

    public static byte[] CompileTables(GuestProgram program, CodegenOptions options)
    {
        using var context = new LlvmContext();
        using var module = context.CreateModule("xlate.tables");
        ProgramLifter.EmitRuntimeTables(module, program, options.Lift);
        return Finish(module, options, "xlate.tables");
    }

    private static byte[] Finish(LlvmModule module, CodegenOptions options, string name)
    {
        AArch64Target.Initialize();
        using var machine = AArch64Target.CreateTargetMachine(options.OptLevel switch
        {
            0 => LLVMCodeGenOptLevel.LLVMCodeGenLevelNone,
            1 => LLVMCodeGenOptLevel.LLVMCodeGenLevelLess,
            3 => LLVMCodeGenOptLevel.LLVMCodeGenLevelAggressive,
            _ => LLVMCodeGenOptLevel.LLVMCodeGenLevelDefault,
        });
        machine.ConfigureModule(module);
        options.DumpIr?.Invoke(name, module.PrintToString());
        if (options.OptLevel > 0) machine.Optimize(module, $"default<O{options.OptLevel}>");
        else module.Verify();
        options.DumpOptimizedIr?.Invoke(name, module.PrintToString());
        if (options.DumpAssembly != null)
        {
            using var copy = module.Clone();
            options.DumpAssembly(name, machine.EmitAssembly(copy, verify: false));
        }
        return machine.EmitObject(module, verify: false);
    }
}

public sealed record CodegenOptions
{
    public int OptLevel { get; init; } = 2;
    public LiftOptions Lift { get; init; } = new();
    public Action<string, string>? DumpIr { get; init; }
    public Action<string, string>? DumpOptimizedIr { get; init; }
    public Action<string, string>? DumpAssembly { get; init; }
}
