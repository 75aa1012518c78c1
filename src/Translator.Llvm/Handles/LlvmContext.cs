using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm;

/// <summary>
/// Owns an <see cref="LLVMContextRef"/>. A context (and everything created in it: modules, builders, types, values)
/// must only be used by one thread at a time; use one context per worker thread for parallel compilation.
/// Disposing the context first disposes every still-alive <see cref="LlvmModule"/> and <see cref="LlvmBuilder"/>
/// created from it.
/// </summary>
public sealed class LlvmContext : IDisposable
{
    private LLVMContextRef _handle;
    private readonly List<IDisposable> _children = [];

    public LlvmContext()
    {
        _handle = LLVMContextCreate();
        if (_handle.IsNull)
            throw new LlvmException("LLVMContextCreate failed");
    }

    public LLVMContextRef Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsNull, this);
            return _handle;
        }
    }

    public bool IsDisposed => _handle.IsNull;

    public static implicit operator LLVMContextRef(LlvmContext context) => context.Handle;

    public LlvmModule CreateModule(string name) => new(this, name);

    public LlvmBuilder CreateBuilder() => new(this);

    /// <summary>Parses textual LLVM IR into a new module of this context. Throws <see cref="LlvmException"/> on a parse error.</summary>
    public LlvmModule ParseIR(string irText, string bufferName = "ir") => LlvmModule.ParseIR(this, irText, bufferName);

    // Frequently used types (cheap to fetch; uniqued per context).
    public LLVMTypeRef VoidType => LLVMVoidTypeInContext(Handle);
    public LLVMTypeRef Int1Type => LLVMInt1TypeInContext(Handle);
    public LLVMTypeRef Int8Type => LLVMInt8TypeInContext(Handle);
    public LLVMTypeRef Int16Type => LLVMInt16TypeInContext(Handle);
    public LLVMTypeRef Int32Type => LLVMInt32TypeInContext(Handle);
    public LLVMTypeRef Int64Type => LLVMInt64TypeInContext(Handle);
    public LLVMTypeRef Int128Type => LLVMInt128TypeInContext(Handle);
    public LLVMTypeRef FloatType => LLVMFloatTypeInContext(Handle);
    public LLVMTypeRef DoubleType => LLVMDoubleTypeInContext(Handle);
    public LLVMTypeRef PtrType => LLVMPointerTypeInContext(Handle, 0);
    public LLVMTypeRef IntType(uint bits) => LLVMIntTypeInContext(Handle, bits);

    public LLVMTypeRef FunctionType(LLVMTypeRef returnType, ReadOnlySpan<LLVMTypeRef> parameters, bool isVarArg = false)
        => LLVMFunctionType(returnType, parameters.ToArray(), (uint)parameters.Length, isVarArg ? 1 : 0);

    internal void Register(IDisposable child)
    {
        lock (_children) _children.Add(child);
    }

    internal void Unregister(IDisposable child)
    {
        lock (_children) _children.Remove(child);
    }

    public void Dispose()
    {
        if (_handle.IsNull)
            return;
        IDisposable[] children;
        lock (_children)
        {
            children = [.. _children];
            _children.Clear();
        }
        // Builders first (they may reference instructions), then modules, then the context itself.
        foreach (var c in children.OfType<LlvmBuilder>()) c.Dispose();
        foreach (var c in children.OfType<LlvmModule>()) c.Dispose();
        LLVMContextDispose(_handle);
        _handle = default;
    }
}
