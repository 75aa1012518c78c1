namespace Translator.X86;

/// <summary>The input is not an x86 executable this translator can handle. Message is one line for the user.</summary>
public sealed class UnsupportedBinaryException(string message) : Exception(message);
