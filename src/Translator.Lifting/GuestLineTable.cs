using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>
/// Gives every host instruction the guest address it was lifted from as a DWARF line-table location (line = low 32
/// bits, column = the bits above), so the runtime can name the guest instruction at a fault from the host pc with
/// nothing added to the hot path (runtime/src/fault_pc.c reads .debug_line of the output; docs/signals.md).
/// </summary>
internal sealed class GuestLineTable
{
    private readonly LLVMContextRef _context;
    private readonly LLVMModuleRef _module;
    private LLVMDIBuilderRef _builder;
    private LLVMMetadataRef _file, _unit, _functionType;

    public GuestLineTable(LLVMContextRef context, LLVMModuleRef module)
    {
        _context = context;
        _module = module;
    }

    private void Start()
    {
        _builder = LLVMCreateDIBuilder(_module);
        _file = LLVMDIBuilderCreateFile(_builder, "guest", 5, "", 0);
        _unit = LLVMDIBuilderCreateCompileUnit(_builder, LLVMDWARFSourceLanguage.LLVMDWARFSourceLanguageC, _file,
            "xlate", 5, 1, "", 0, 0, "", 0, LLVMDWARFEmissionKind.LLVMDWARFEmissionLineTablesOnly, 0, 0, 0, "", 0, "", 0);
        _functionType = LLVMDIBuilderCreateSubroutineType(_builder, _file, Array.Empty<LLVMMetadataRef>(), 0, LLVMDIFlags.LLVMDIFlagZero);
        // DWARF 4: the runtime's reader knows that line-program header
        LLVMAddModuleFlag(_module, LLVMModuleFlagBehavior.LLVMModuleFlagBehaviorWarning, "Dwarf Version", 13,
            LLVMValueAsMetadata(LLVMConstInt(LLVMInt32TypeInContext(_context), 4, 0)));
        LLVMAddModuleFlag(_module, LLVMModuleFlagBehavior.LLVMModuleFlagBehaviorWarning, "Debug Info Version", 18,
            LLVMValueAsMetadata(LLVMConstInt(LLVMInt32TypeInContext(_context), 3, 0)));
    }

    /// <summary>Makes <paramref name="function"/> a subprogram of the table; returns its scope.</summary>
    public LLVMMetadataRef Describe(LLVMValueRef function, string name, ulong entry)
    {
        if (_builder.IsNull) Start();
        var sp = LLVMDIBuilderCreateFunction(_builder, _file, name, (nuint)name.Length, name, (nuint)name.Length, _file,
            (uint)entry, _functionType, 0, 1, (uint)entry, LLVMDIFlags.LLVMDIFlagZero, 1);
        LLVMSetSubprogram(function, sp);
        return sp;
    }

    public LLVMMetadataRef Location(LLVMMetadataRef scope, ulong guestAddress) =>
        LLVMDIBuilderCreateDebugLocation(_context, (uint)guestAddress, (uint)(guestAddress >> 32), scope, default);

    public void Finish()
    {
        if (_builder.IsNull) return;
        LLVMDIBuilderFinalize(_builder);
        LLVMDisposeDIBuilder(_builder);
        _builder = default;
    }
}
