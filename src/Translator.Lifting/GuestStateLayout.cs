namespace Translator.Lifting;

/// <summary>Byte offsets of GuestState fields; mirrors runtime/include/guest_state.h (pinned by a test).</summary>
public static class GuestStateLayout
{
    public const int Gpr = 0;              // uint64_t gpr[16]
    public const int Rip = 128;
    public const int Cf = 136, Pf = 137, Af = 138, Zf = 139, Sf = 140, Of = 141, Df = 142;
    public const int FsBase = 144;
    public const int GsBase = 152;
    public const int Mxcsr = 160;
    public const int FpuControlWord = 164;
    public const int FpuStatusWord = 166;
    public const int FpuTop = 168;
    public const int FpuTags = 172;        // uint8_t[8]
    public const int Mode = 180;
    public const int Xmm = 192;            // uint8_t[16][16]
    public const int St = 448;             // uint8_t[8][16]
    public const int SignalsPending = 584; // volatile uint64_t, per thread
    public const int Selectors = 592;      // uint16_t[6]: es, cs, ss, ds, fs, gs
    public const int YmmHigh = 640;        // uint8_t[16][16]: bits 128..255 of ymm0-15
    public const int Size = 896;

    public static int GprOffset(int index) => Gpr + 8 * index;
    public static int XmmOffset(int index) => Xmm + 16 * index;
    /// <summary>Offset of a segment register's selector (es, cs, ss, ds, fs, gs in Iced's order from ES).</summary>
    public static int SelectorOffset(Iced.Intel.Register segment) => Selectors + 2 * (segment - Iced.Intel.Register.ES);
    public static int YmmHighOffset(int index) => YmmHigh + 16 * index;
    public static int StOffset(int physical) => St + 16 * physical;

    /// <summary>Offsets of the status flags in the order of <see cref="Flag"/>.</summary>
    public static int FlagOffset(Flag flag) => Cf + (int)flag;

    /// <summary>Every field with its offset, for the layout test.</summary>
    public static IReadOnlyList<(string CName, int Offset)> Fields { get; } = new[]
    {
        ("gpr", Gpr), ("rip", Rip), ("cf", Cf), ("pf", Pf), ("af", Af), ("zf", Zf), ("sf", Sf), ("of", Of),
        ("df", Df), ("fs_base", FsBase), ("gs_base", GsBase), ("mxcsr", Mxcsr), ("fpu_cw", FpuControlWord),
        ("fpu_sw", FpuStatusWord), ("fpu_top", FpuTop), ("fpu_tag", FpuTags), ("mode", Mode), ("sig_pending", SignalsPending), ("seg", Selectors), ("xmm", Xmm),
        ("st", St), ("ymm_hi", YmmHigh),
    };
}

/// <summary>The status flags kept as separate values (in GuestState order).</summary>
public enum Flag { CF, PF, AF, ZF, SF, OF, DF }
