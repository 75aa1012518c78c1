using System.Runtime.InteropServices;
using System.Text;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm;

/// <summary>
/// Owns an <see cref="LLVMTargetMachineRef"/>. Every operation verifies the module first (LLVM aborts the process on
/// invalid IR during optimisation/codegen), stamps the module with this machine's triple and data layout if missing,
/// and is serialised on an internal lock, so a shared instance is safe but one instance per thread is faster.
/// </summary>
public sealed class LlvmTargetMachine : IDisposable
{
    private LLVMTargetMachineRef _handle;
    private readonly object _lock = new();

    internal LlvmTargetMachine(LLVMTargetMachineRef handle)
    {
        _handle = handle;
        var td = LLVMCreateTargetDataLayout(handle);
        DataLayout = TakeMessage(LLVMCopyStringRepOfTargetData(td)) ?? "";
        LLVMDisposeTargetData(td);
        Triple = TakeMessage(LLVMGetTargetMachineTriple(handle)) ?? AArch64Target.Triple;
    }

    public LLVMTargetMachineRef Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsNull, this);
            return _handle;
        }
    }

    public static implicit operator LLVMTargetMachineRef(LlvmTargetMachine tm) => tm.Handle;

    public string Triple { get; }

    public string DataLayout { get; }

    /// <summary>Sets the module's target triple and data layout to this machine's.</summary>
    public void ConfigureModule(LlvmModule module)
    {
        module.SetTargetTriple(Triple);
        module.SetDataLayout(DataLayout);
    }

    private void Prepare(LlvmModule module, bool verify)
    {
        if (string.IsNullOrEmpty(module.TargetTriple))
            module.SetTargetTriple(Triple);
        if (string.IsNullOrEmpty(module.DataLayout))
            module.SetDataLayout(DataLayout);
        if (verify)
            module.Verify();
    }

    /// <summary>Runs a new-pass-manager pipeline (e.g. "default&lt;O2&gt;", "instcombine,simplifycfg") over the module.</summary>
    public void Optimize(LlvmModule module, string passPipeline = "default<O2>", bool verify = true)
    {
        lock (_lock)
        {
            Prepare(module, verify);
            var options = LLVMCreatePassBuilderOptions();
            try
            {
                var error = TakeError(LLVMRunPasses(module.Handle, passPipeline, Handle, options));
                if (error != null)
                    throw new LlvmException($"pass pipeline '{passPipeline}' failed: {error}");
            }
            finally
            {
                LLVMDisposePassBuilderOptions(options);
            }
        }
    }

    /// <summary>Emits an ELF relocatable object for the module.</summary>
    public byte[] EmitObject(LlvmModule module, bool verify = true)
        => Emit(module, LLVMCodeGenFileType.LLVMObjectFile, verify);

    /// <summary>Emits textual assembly for the module.</summary>
    public string EmitAssembly(LlvmModule module, bool verify = true)
        => Encoding.UTF8.GetString(Emit(module, LLVMCodeGenFileType.LLVMAssemblyFile, verify));

    public void EmitObjectToFile(LlvmModule module, string path, bool verify = true)
        => File.WriteAllBytes(path, EmitObject(module, verify));

    private unsafe byte[] Emit(LlvmModule module, LLVMCodeGenFileType kind, bool verify)
    {
        lock (_lock)
        {
            Prepare(module, verify);
            if (LLVMTargetMachineEmitToMemoryBuffer(Handle, module.Handle, kind, out var err, out var buf) != 0)
                throw new LlvmException("code generation failed: " + (TakeMessage(err) ?? "unknown error"));
            TakeMessage(err);
            try
            {
                var size = checked((int)LLVMGetBufferSize(buf));
                var result = new byte[size];
                if (size > 0)
                    new ReadOnlySpan<byte>((void*)LLVMGetBufferStart(buf), size).CopyTo(result);
                return result;
            }
            finally
            {
                LLVMDisposeMemoryBuffer(buf);
            }
        }
    }

    public void SetAsmVerbosity(bool verbose) => LLVMSetTargetMachineAsmVerbosity(Handle, verbose ? 1 : 0);

    public void Dispose()
    {
        if (_handle.IsNull)
            return;
        LLVMDisposeTargetMachine(_handle);
        _handle = default;
    }
}
