namespace Translator.Pipeline;

/// <summary>Options of one translation (filled in as the pipeline grows).</summary>
public sealed record TranslateOptions
{
    public int OptLevel { get; init; } = 2;
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public bool Verbose { get; init; }
}

/// <summary>Thrown for a problem with the user's input; Message is one line for the user.</summary>
public sealed class TranslationException(string message) : Exception(message);

public static class Translation
{
    /// <summary>Translates one x86 ELF executable into an AArch64 ELF executable.</summary>
    public static void TranslateFile(string inputPath, string outputPath, TranslateOptions? options = null)
        => throw new NotImplementedException("pipeline not wired yet");
}
