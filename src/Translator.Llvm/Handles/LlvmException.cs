namespace Translator.Llvm;

/// <summary>An LLVM operation failed in a recoverable way (verifier error, pass pipeline error, codegen error...).</summary>
public sealed class LlvmException : Exception
{
    public LlvmException(string message) : base(message) { }
    public LlvmException(string message, Exception inner) : base(message, inner) { }
}
