using Iced.Intel;

namespace Translator.Lifting.Semantics;

public static class Sse
{
    public static void AddTo(SemanticsTable t)
    {
    }
}
