using Iced.Intel;

namespace Translator.Lifting.Semantics;

public static class X87
{
    public static void AddTo(SemanticsTable t)
    {
    }
}
