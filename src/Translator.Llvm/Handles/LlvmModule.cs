using System.Text;
using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm;

/// <summary>Owns an <see cref="LLVMModuleRef"/>. Same threading rules as its <see cref="LlvmContext"/>.</summary>
public sealed class LlvmModule : IDisposable
{
    private LLVMModuleRef _handle;

    public LlvmModule(LlvmContext context, string name)
        : this(context, LLVMModuleCreateWithNameInContext(name, context.Handle))
    {
    }

    private LlvmModule(LlvmContext context, LLVMModuleRef handle)
    {
        if (handle.IsNull)
            throw new LlvmException("module creation failed");
        Context = context;
        _handle = handle;
        context.Register(this);
    }

    public LlvmContext Context { get; }

    public LLVMModuleRef Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsNull, this);
            return _handle;
        }
    }

    public bool IsDisposed => _handle.IsNull;

    public static implicit operator LLVMModuleRef(LlvmModule module) => module.Handle;

    /// <summary>A deep copy in the same context (code generation may change the IR it runs on).</summary>
    public LlvmModule Clone() => new(Context, LLVMCloneModule(Handle));

    /// <summary>Parses textual IR into a new module (the parser takes ownership of the temporary buffer).</summary>
    public static unsafe LlvmModule ParseIR(LlvmContext context, string irText, string bufferName = "ir")
    {
        var bytes = Encoding.UTF8.GetBytes(irText);
        LLVMMemoryBufferRef buf;
        fixed (byte* p = bytes)
            buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(p, (nuint)bytes.Length, bufferName);
        if (LLVMParseIRInContext(context.Handle, buf, out var mod, out var msg) != 0)
            throw new LlvmException("IR parse error: " + (TakeMessage(msg) ?? "unknown error"));
        TakeMessage(msg);
        return new LlvmModule(context, mod);
    }

    public string TargetTriple
    {
        get => GetString(LLVMGetTarget(Handle)) ?? "";
        set => LLVMSetTarget(Handle, value);
    }

    public string DataLayout
    {
        get => GetString(LLVMGetDataLayoutStr(Handle)) ?? "";
        set => LLVMSetDataLayout(Handle, value);
    }

    public void SetTargetTriple(string triple) => TargetTriple = triple;

    public void SetDataLayout(string dataLayout) => DataLayout = dataLayout;

    /// <summary>Runs the IR verifier; returns null if the module is valid, otherwise the verifier's message.</summary>
    public string? TryVerify()
    {
        var failed = LLVMVerifyModule(Handle, LLVMVerifierFailureAction.LLVMReturnStatusAction, out var msg);
        var text = TakeMessage(msg); // allocated even on success
        return failed != 0 ? (string.IsNullOrWhiteSpace(text) ? "module verification failed" : text) : null;
    }

    /// <summary>Runs the IR verifier and throws <see cref="LlvmException"/> with its message if the module is invalid.</summary>
    public void Verify()
    {
        var error = TryVerify();
        if (error != null)
            throw new LlvmException("LLVM module verification failed: " + error.TrimEnd());
    }

    public string PrintToString() => TakeMessage(LLVMPrintModuleToString(Handle)) ?? "";

    public override string ToString() => IsDisposed ? "<disposed module>" : PrintToString();

    public void PrintToFile(string path)
    {
        if (LLVMPrintModuleToFile(Handle, path, out var msg) != 0)
            throw new LlvmException($"cannot write '{path}': {TakeMessage(msg)}");
        TakeMessage(msg);
    }

    public void WriteBitcodeToFile(string path)
    {
        if (LLVMWriteBitcodeToFile(Handle, path) != 0)
            throw new LlvmException($"cannot write bitcode to '{path}'");
    }

    public LLVMValueRef GetFunction(string name) => LLVMGetNamedFunction(Handle, name);

    public LLVMValueRef AddFunction(string name, LLVMTypeRef functionType) => LLVMAddFunction(Handle, name, functionType);

    public LLVMValueRef GetOrAddFunction(string name, LLVMTypeRef functionType)
    {
        var f = LLVMGetNamedFunction(Handle, name);
        return f.IsNull ? LLVMAddFunction(Handle, name, functionType) : f;
    }

    public LLVMValueRef GetGlobal(string name) => LLVMGetNamedGlobal(Handle, name);

    public LLVMValueRef AddGlobal(LLVMTypeRef type, string name) => LLVMAddGlobal(Handle, type, name);

    /// <summary>Links <paramref name="source"/> into this module; <paramref name="source"/> is consumed (disposed).</summary>
    public void Link(LlvmModule source)
    {
        var src = source.Handle;
        source.Release();
        if (LLVMLinkModules2(Handle, src) != 0)
            throw new LlvmException("LLVMLinkModules2 failed");
    }

    private void Release()
    {
        _handle = default;
        Context.Unregister(this);
    }

    public void Dispose()
    {
        if (_handle.IsNull)
            return;
        LLVMDisposeModule(_handle);
        Release();
    }
}
