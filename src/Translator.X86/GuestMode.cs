namespace Translator.X86;

/// <summary>Which x86 guest ABI a binary uses.</summary>
public enum GuestMode
{
    I386,
    X64,
}

public static class GuestModeExtensions
{
    public static int Bitness(this GuestMode mode) => mode == GuestMode.X64 ? 64 : 32;
    public static int PointerSize(this GuestMode mode) => mode == GuestMode.X64 ? 8 : 4;
}
