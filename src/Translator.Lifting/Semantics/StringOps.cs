using Iced.Intel;

namespace Translator.Lifting.Semantics;

public static class StringOps
{
    public static void AddTo(SemanticsTable t)
    {
    }
}
