using Iced.Intel;

namespace Translator.Lifting.Semantics;

public static class Bit
{
    public static void AddTo(SemanticsTable t)
    {
    }
}
