// Opaque LLVM-C handle types. Each is a blittable wrapper over the native pointer, usable directly in [LibraryImport] signatures.
namespace Translator.Llvm.Interop;

public readonly record struct LLVMContextRef(nint Handle)
{
    public static readonly LLVMContextRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMModuleRef(nint Handle)
{
    public static readonly LLVMModuleRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMTypeRef(nint Handle)
{
    public static readonly LLVMTypeRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMValueRef(nint Handle)
{
    public static readonly LLVMValueRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMBasicBlockRef(nint Handle)
{
    public static readonly LLVMBasicBlockRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMBuilderRef(nint Handle)
{
    public static readonly LLVMBuilderRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMTargetRef(nint Handle)
{
    public static readonly LLVMTargetRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMTargetMachineRef(nint Handle)
{
    public static readonly LLVMTargetMachineRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMTargetDataRef(nint Handle)
{
    public static readonly LLVMTargetDataRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMPassBuilderOptionsRef(nint Handle)
{
    public static readonly LLVMPassBuilderOptionsRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMErrorRef(nint Handle)
{
    public static readonly LLVMErrorRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMAttributeRef(nint Handle)
{
    public static readonly LLVMAttributeRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMMetadataRef(nint Handle)
{
    public static readonly LLVMMetadataRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMMemoryBufferRef(nint Handle)
{
    public static readonly LLVMMemoryBufferRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMDIBuilderRef(nint Handle)
{
    public static readonly LLVMDIBuilderRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMNamedMDNodeRef(nint Handle)
{
    public static readonly LLVMNamedMDNodeRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMModuleProviderRef(nint Handle)
{
    public static readonly LLVMModuleProviderRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMPassManagerRef(nint Handle)
{
    public static readonly LLVMPassManagerRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMUseRef(nint Handle)
{
    public static readonly LLVMUseRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMOperandBundleRef(nint Handle)
{
    public static readonly LLVMOperandBundleRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMDiagnosticInfoRef(nint Handle)
{
    public static readonly LLVMDiagnosticInfoRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMComdatRef(nint Handle)
{
    public static readonly LLVMComdatRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMDbgRecordRef(nint Handle)
{
    public static readonly LLVMDbgRecordRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMTargetLibraryInfoRef(nint Handle)
{
    public static readonly LLVMTargetLibraryInfoRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMTargetMachineOptionsRef(nint Handle)
{
    public static readonly LLVMTargetMachineOptionsRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMDisasmContextRef(nint Handle)
{
    public static readonly LLVMDisasmContextRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMJITEventListenerRef(nint Handle)
{
    public static readonly LLVMJITEventListenerRef Null = default;
    public bool IsNull => Handle == 0;
}

public readonly record struct LLVMBinaryRef(nint Handle)
{
    public static readonly LLVMBinaryRef Null = default;
    public bool IsNull => Handle == 0;
}
