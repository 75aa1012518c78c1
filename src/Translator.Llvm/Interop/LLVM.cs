using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Translator.Llvm.Interop;

/// <summary>
/// Raw LLVM-C 19 bindings. Every function is named exactly as in the C headers, with the same parameter order.
/// Conventions: <c>const char*</c> inputs are <see cref="string"/> (UTF-8); every <c>char*</c>/<c>const char*</c>
/// result and <c>char** OutMessage</c> output is a raw <see cref="nint"/> (use <see cref="TakeMessage"/> for strings
/// that must be freed with LLVMDisposeMessage, <see cref="GetString(nint)"/> for borrowed ones);
/// <c>LLVMBool</c> is <see cref="int"/>; <c>unsigned</c> is <see cref="uint"/>; <c>size_t</c> is <see cref="nuint"/>;
/// pointer+count array parameters are managed arrays plus the count parameter as in C.
/// </summary>
public static unsafe partial class LLVM
{
    /// <summary>Logical library name; resolved to libLLVM.so.19.1 (or libLLVM-19.so) by <see cref="Resolve"/>.</summary>
    public const string LibraryName = "LLVM";

    public static readonly string[] CandidateLibraryNames =
    [
        "libLLVM.so.19.1",
        "/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1",
        "/usr/lib/aarch64-linux-gnu/libLLVM.so.19.1",
        "libLLVM-19.so",
        "/usr/lib/llvm-19/lib/libLLVM-19.so",
        "/usr/lib/llvm-19/lib/libLLVM.so.19.1",
    ];

    private static nint s_handle;
    private static readonly object s_loadLock = new();

#pragma warning disable CA2255 // library-level resolver registration is intentional
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver()
    {
        NativeLibrary.SetDllImportResolver(typeof(LLVM).Assembly, Resolve);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
            return 0;
        return LibraryHandle;
    }

    /// <summary>The loaded libLLVM handle (loads it on first use). Throws <see cref="DllNotFoundException"/> if absent.</summary>
    public static nint LibraryHandle
    {
        get
        {
            if (s_handle != 0)
                return s_handle;
            lock (s_loadLock)
            {
                if (s_handle != 0)
                    return s_handle;
                foreach (var name in CandidateLibraryNames)
                {
                    if (NativeLibrary.TryLoad(name, out var h))
                    {
                        s_handle = h;
                        return h;
                    }
                }
                throw new DllNotFoundException(
                    "Could not load LLVM 19 (tried " + string.Join(", ", CandidateLibraryNames) + ")");
            }
        }
    }

    /// <summary>Copies a NUL-terminated UTF-8 string owned by LLVM and frees it with LLVMDisposeMessage. Null → null.</summary>
    public static string? TakeMessage(nint message)
    {
        if (message == 0)
            return null;
        try { return Marshal.PtrToStringUTF8(message); }
        finally { LLVMDisposeMessage(message); }
    }

    /// <summary>Copies an error string from LLVMGetErrorMessage and frees it with LLVMDisposeErrorMessage.</summary>
    public static string? TakeErrorMessage(nint message)
    {
        if (message == 0)
            return null;
        try { return Marshal.PtrToStringUTF8(message); }
        finally { LLVMDisposeErrorMessage(message); }
    }

    /// <summary>Consumes an LLVMErrorRef: returns null on success, otherwise its message (and frees everything).</summary>
    public static string? TakeError(LLVMErrorRef error)
        => error.IsNull ? null : TakeErrorMessage(LLVMGetErrorMessage(error));

    /// <summary>Copies a borrowed (not to be freed) NUL-terminated UTF-8 string. Null → null.</summary>
    public static string? GetString(nint str) => str == 0 ? null : Marshal.PtrToStringUTF8(str);

    /// <summary>Copies a borrowed UTF-8 string with explicit length (e.g. LLVMGetValueName2, LLVMGetMDString).</summary>
    public static string? GetString(nint str, nuint length)
        => str == 0 ? null : Marshal.PtrToStringUTF8(str, checked((int)length));

    // ---- AArch64 target initialisation (the LLVMInitializeAll* helpers are header-only inline functions). ----

    [LibraryImport(LibraryName)]
    public static partial void LLVMInitializeAArch64TargetInfo();

    [LibraryImport(LibraryName)]
    public static partial void LLVMInitializeAArch64Target();

    [LibraryImport(LibraryName)]
    public static partial void LLVMInitializeAArch64TargetMC();

    [LibraryImport(LibraryName)]
    public static partial void LLVMInitializeAArch64AsmPrinter();

    [LibraryImport(LibraryName)]
    public static partial void LLVMInitializeAArch64AsmParser();

    [LibraryImport(LibraryName)]
    public static partial void LLVMInitializeAArch64Disassembler();
}
