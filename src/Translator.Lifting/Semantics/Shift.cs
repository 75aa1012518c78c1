using Iced.Intel;

namespace Translator.Lifting.Semantics;

public static class Shift
{
    public static void AddTo(SemanticsTable t)
    {
    }
}
