using Iced.Intel;

namespace Translator.Lifting.Semantics;

/// <summary>AVX2 integer forms without an SSE twin.</summary>
public static class AvxInteger
{
    public static void AddTo(AvxForms f)
    {
    }
}
