using Iced.Intel;

namespace Translator.Lifting.Semantics;

/// <summary>AVX floating-point forms without an SSE twin: FMA3, F16C, 256-bit conversions.</summary>
public static class AvxFloat
{
    public static void AddTo(AvxForms f)
    {
    }
}
