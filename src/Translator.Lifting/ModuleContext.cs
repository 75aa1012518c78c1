using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Lifting;

/// <summary>One LLVM module being filled with translated units, and the runtime entry points it calls.</summary>
internal sealed class ModuleContext
{
    public readonly IrTypes Types;
    public readonly LLVMModuleRef Module;
    public readonly LiftOptions Options;
    public readonly GuestLineTable Lines;
    private readonly Func<ulong, string> _unitName;
    private readonly Dictionary<ulong, LLVMValueRef> _units = new();
    private readonly Dictionary<string, LLVMValueRef> _strings = new();

    public readonly LLVMTypeRef SyscallType, CpuidType, RdtscType, LookupType, TrapType, LoadSegmentType;
    public readonly LLVMValueRef Syscall, Int80, Cpuid, Rdtsc, Lookup, LookupEntry, Trap, LoadSegment, SignalPoll;

    public ModuleContext(IrTypes types, LLVMModuleRef module, Func<ulong, string> unitName, LiftOptions options)
    {
        Types = types;
        Module = module;
        Options = options;
        Lines = new GuestLineTable(types.Context, module);
        _unitName = unitName;
        var t = types;
        SyscallType = LLVMFunctionType(t.Void, new[] { t.Ptr }, 1, 0);
        CpuidType = SyscallType;
        RdtscType = LLVMFunctionType(t.I64, new[] { t.Ptr }, 1, 0);
        LookupType = LLVMFunctionType(t.Ptr, new[] { t.Ptr, t.I64, t.I64 }, 3, 0);
        TrapType = LLVMFunctionType(t.Void, new[] { t.Ptr, t.I64, t.I32, t.Ptr }, 4, 0);
        LoadSegmentType = LLVMFunctionType(t.Void, new[] { t.Ptr, t.I32, t.I32 }, 3, 0);
        Syscall = Declare("xlate_syscall", SyscallType);
        Int80 = Declare("xlate_int80", SyscallType);
        Cpuid = Declare("xlate_cpuid", CpuidType);
        Rdtsc = Declare("xlate_rdtsc", RdtscType);
        Lookup = Declare("xlate_lookup", LookupType);
        LookupEntry = Declare("xlate_lookup_entry", LookupType);
        Trap = Declare("xlate_trap", TrapType);
        LLVMAddAttributeAtIndex(Trap, LLVMAttributeFunctionIndex, EnumAttribute("noreturn"));
        LoadSegment = Declare("xlate_load_segment", LoadSegmentType);
        SignalPoll = Declare("xlate_signal_poll", SyscallType);
    }

    private LLVMValueRef Declare(string name, LLVMTypeRef type)
    {
        var f = LLVMGetNamedFunction(Module, name);
        return f.IsNull ? LLVMAddFunction(Module, name, type) : f;
    }

    public LLVMAttributeRef EnumAttribute(string name)
    {
        uint kind = LLVMGetEnumAttributeKindForName(name, (nuint)name.Length);
        return LLVMCreateEnumAttribute(Types.Context, kind, 0);
    }

    /// <summary>The host function of the unit whose guest entry is <paramref name="guestEntry"/> (declared if
    /// it lives in another module).</summary>
    public LLVMValueRef UnitFunction(ulong guestEntry)
    {
        if (_units.TryGetValue(guestEntry, out var f)) return f;
        string name = _unitName(guestEntry);
        f = LLVMGetNamedFunction(Module, name);
        if (f.IsNull) f = LLVMAddFunction(Module, name, Types.UnitFn);
        _units[guestEntry] = f;
        return f;
    }

    public string UnitNameOf(ulong guestEntry) => _unitName(guestEntry);

    /// <summary>A private constant C string (for diagnostics).</summary>
    public LLVMValueRef CString(string text)
    {
        if (_strings.TryGetValue(text, out var g)) return g;
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var init = LLVMConstStringInContext(Types.Context, text, (uint)bytes.Length, 0);
        g = LLVMAddGlobal(Module, LLVMTypeOf(init), "xlate.msg");
        LLVMSetInitializer(g, init);
        LLVMSetGlobalConstant(g, 1);
        LLVMSetLinkage(g, LLVMLinkage.LLVMPrivateLinkage);
        _strings[text] = g;
        return g;
    }
}
