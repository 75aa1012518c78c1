using Translator.Llvm.Interop;
using static Translator.Llvm.Interop.LLVM;

namespace Translator.Llvm;

/// <summary>Owns an <see cref="LLVMBuilderRef"/> created in a given <see cref="LlvmContext"/>. Not thread-safe.</summary>
public sealed class LlvmBuilder : IDisposable
{
    private LLVMBuilderRef _handle;

    public LlvmBuilder(LlvmContext context)
    {
        Context = context;
        _handle = LLVMCreateBuilderInContext(context.Handle);
        context.Register(this);
    }

    public LlvmContext Context { get; }

    public LLVMBuilderRef Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsNull, this);
            return _handle;
        }
    }

    public static implicit operator LLVMBuilderRef(LlvmBuilder builder) => builder.Handle;

    public void PositionAtEnd(LLVMBasicBlockRef block) => LLVMPositionBuilderAtEnd(Handle, block);

    public void PositionBefore(LLVMValueRef instruction) => LLVMPositionBuilderBefore(Handle, instruction);

    public LLVMBasicBlockRef InsertBlock => LLVMGetInsertBlock(Handle);

    public void Dispose()
    {
        if (_handle.IsNull)
            return;
        LLVMDisposeBuilder(_handle);
        _handle = default;
        Context.Unregister(this);
    }
}
