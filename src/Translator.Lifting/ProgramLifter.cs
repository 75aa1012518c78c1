using System.Text;
using Translator.Cfg;
using Translator.Elf;
using Translator.Lifting.Semantics;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>Turns discovered guest functions into LLVM modules, and emits the tables the runtime reads.</summary>
public static class ProgramLifter
{
    /// <summary>Host symbol of a guest function: its name (for perf/gdb) plus its address (for uniqueness).</summary>
    public static string UnitName(GuestProgram program, ulong entry)
    {
        string? name = program.Functions.TryGetValue(entry, out var f) ? f.Name : null;
        if (string.IsNullOrEmpty(name)) return $"sub${entry:x}";
        var sb = new StringBuilder(name.Length + 12);
        foreach (char c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_');
        return $"{sb}${entry:x}";
    }

    /// <summary>Lifts <paramref name="functions"/> into <paramref name="module"/>.</summary>
    public static void Lift(LLVMModuleRef module, GuestProgram program, IEnumerable<GuestFunction> functions,
        LiftDiagnostics diagnostics, LiftOptions? options = null, SemanticsTable? semantics = null)
    {
        var context = LLVMGetModuleContext(module);
        var unit = new ModuleContext(new IrTypes(context), module, a => UnitName(program, a), options ?? new LiftOptions());
        foreach (var f in functions)
            new FunctionLifter(unit, program, f, semantics ?? SemanticsTable.Default, diagnostics).Lift();
        unit.Lines.Finish();
    }

    /// <summary>Every guest address the runtime can enter, with the unit that handles it.</summary>
    public static SortedDictionary<ulong, ulong> EntryTable(GuestProgram program)
    {
        var table = new SortedDictionary<ulong, ulong>();
        foreach (var f in program.Functions.Values)
            foreach (var a in f.ExternalEntries)
                if (f.Blocks.ContainsKey(a)) table[a] = f.Entry;
        foreach (var f in program.Functions.Values) table[f.Entry] = f.Entry;
        return table;
    }

    /// <summary>Emits xlate_entries and the guest image facts (see runtime/include/guest_state.h).</summary>
    public static void EmitRuntimeTables(LLVMModuleRef module, GuestProgram program, LiftOptions options)
    {
        var context = LLVMGetModuleContext(module);
        var t = new IrTypes(context);
        var unit = new ModuleContext(t, module, a => UnitName(program, a), new LiftOptions());
        var entryType = LLVMStructTypeInContext(context, new[] { t.I64, t.Ptr }, 2, 0);
        var rows = EntryTable(program)
            .Select(kv => LLVMConstNamedStruct(entryType,
                new[] { LLVMConstInt(t.I64, kv.Key, 0), unit.UnitFunction(kv.Value) }, 2))
            .ToArray();
        var array = LLVMConstArray2(entryType, rows, (ulong)rows.Length);
        AddConstant(module, "xlate_entries", array);
        AddConstant(module, "xlate_entry_count", LLVMConstInt(t.I64, (ulong)rows.Length, 0));
        AddConstant(module, "xlate_guest_entry", LLVMConstInt(t.I64, program.EntryPoint, 0));
        AddConstant(module, "xlate_guest_mode", LLVMConstInt(t.I32, program.Mode == X86.GuestMode.X64 ? 64UL : 32UL, 0));
        // how translated code holds x87 registers, for the signal frames' fpstate (runtime/src/signal_fpstate.c)
        AddConstant(module, "xlate_x87_exact", LLVMConstInt(t.I32, options.X87 == X87Precision.Exact ? 1UL : 0UL, 0));
        var elf = program.Elf;
        AddConstant(module, "xlate_guest_phdr", LLVMConstInt(t.I64, ProgramHeaderAddress(elf), 0));
        AddConstant(module, "xlate_guest_phnum", LLVMConstInt(t.I64, (ulong)elf.Segments.Count, 0));
        AddConstant(module, "xlate_guest_phent", LLVMConstInt(t.I64, elf.ProgramHeaderEntrySize, 0));
        ulong end = elf.Segments.Where(s => s.IsLoad).Select(s => s.VirtualAddress + s.MemorySize).DefaultIfEmpty(0UL).Max();
        AddConstant(module, "xlate_guest_image_end", LLVMConstInt(t.I64, end, 0));
    }

    private static void AddConstant(LLVMModuleRef module, string name, LLVMValueRef init)
    {
        var g = LLVMAddGlobal(module, LLVMTypeOf(init), name);
        LLVMSetInitializer(g, init);
        LLVMSetGlobalConstant(g, 1);
    }

    /// <summary>Where the guest's program headers are in memory (AT_PHDR).</summary>
    public static ulong ProgramHeaderAddress(ElfFile elf)
    {
        var phdr = elf.Segments.FirstOrDefault(s => s.Type == ElfNative.PT_PHDR);
        if (phdr != null) return phdr.VirtualAddress;
        foreach (var s in elf.Segments)
            if (s.IsLoad && elf.ProgramHeaderOffset >= s.Offset && elf.ProgramHeaderOffset < s.Offset + s.FileSize)
                return s.VirtualAddress + (elf.ProgramHeaderOffset - s.Offset);
        return 0;
    }
}
