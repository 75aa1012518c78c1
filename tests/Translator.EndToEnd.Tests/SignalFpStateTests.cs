namespace Translator.EndToEnd.Tests;

/// <summary>
/// The x87/SSE state in guest signal frames (issue 6): Signals/fpstate.c raises a signal with known x87, xmm0 and
/// MXCSR values, its handler prints the frame's FP area (x86-64 fxsave image; i386 _fpstate_32 header + image, also
/// through the old sigframe) and edits it, and the program prints the registers after sigreturn. Also glibc's own
/// getcontext/setcontext use of fpregs. Run natively and translated (under qemu-aarch64): stdout must match the
/// native run, whose expected output is also checked here. XSAVE-dependent fields are printed as consistency checks
/// against CPUID (the host's XSAVE area is larger than our guest CPU's: docs/cpuid.md); the xstate-* modes edit the
/// XSAVE area (upper ymm halves, XSTATE_BV, MAGIC2, sw_reserved.xfeatures) and print the ymm registers after
/// sigreturn.
/// </summary>
public class SignalFpStateTests
{
    private static readonly Dictionary<string, Lazy<BuiltGuest>> Guests =
        GuestPrograms.ForBothGuests("signal-fpstate",
            File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Translator.EndToEnd.Tests", "Signals", "fpstate.c")));

    private const string Entry =
        "entry: xmm0 00000000 00000000 00000000 00000000 mxcsr 0x1f80 cw 0x037f sw 0x0000 tags 0xffff\n";
    private const string SwBytes = "sw_reserved: magic1 1 extended_size 1 xstate_size 1 xfeatures 1 magic2 1 uc_flags 1\n";
    private const string Image = "fxsave: cwd 0x027f swd 0x3000 ftw 0xc0 mxcsr 0x3f80 st0 4000c90fdaa22168c235 " +
        "st1 3fff8000000000000000 xmm0 11223344 55667788 99aabbcc ddeeff00\n";
    private const string Header = "header: cw 0xffff027f sw 0xffff3000 tag 0xffff0fff cssel 0x23 datasel 0xffff002b " +
        "status 0x3000 magic 0x0000 st0 4000c90fdaa22168c235 st1 3fff8000000000000000\n";
    private const string After = "after: xmm0 cafef00d 0badc0de 12345678 9abcdef0 mxcsr 0x5f80 cw 0x0e7f sw 0x3000 " +
        "st0 40008000000000000000 st1 3fff8000000000000000\n";
    private const string Placement = "placement: below sp 1, above the frame 1\n";

    public static TheoryData<string, string, string> Modes()
    {
        var data = new TheoryData<string, string, string>();
        data.Add("x64", "siginfo", Entry + "fpregs set 1, fpregs % 64 = 0\n" + Placement + SwBytes + Image + After);
        data.Add("i386", "siginfo", Entry + "fpregs set 1, fpregs % 64 = 16\n" + Placement + SwBytes + Image + Header + After);
        data.Add("i386", "legacy", Entry + "fpstate set 1, fpstate % 64 = 16\n" + SwBytes + Image + Header + After);
        data.Add("x64", "getcontext", "getcontext: fpregs is its own area 1\nafter setcontext: cw 0x0e7f mxcsr 0x5f80\n");
        data.Add("i386", "getcontext", "getcontext: fpregs is its own area 1\nafter setcontext: cw 0x0e7f\n");
        data.Add("x64", "ymm", "ymm0 kept 1 ymm1 kept 1\n");
        data.Add("i386", "ymm", "ymm0 kept 1 ymm1 kept 1\n");
        foreach (var arch in new[] { "x64", "i386" })
            foreach (var (how, ymm0High, ymm1High) in XStateCases)
                data.Add(arch, "xstate-" + how, XStateHandler +
                    $"after: ymm0 cafef00d 0badc0de 12345678 9abcdef0 {ymm0High} ymm1 00000005 00000006 00000007 00000008 {ymm1High}\n");
        return data;
    }

    private const string XStateHandler = "handler: uc_flags fp_xstate 1 avx in use 1 ymm0 high 55667788 99aabbcc ddeeff00 " +
        "11223344 ymm1 high a1a2a3a4 b1b2b3b4 c1c2c3c4 d1d2d3d4\n";
    private const string Zero = "00000000 00000000 00000000 00000000";

    /// <summary>How the handler changes the XSAVE area, and the upper ymm halves after sigreturn (native run).</summary>
    private static readonly (string How, string Ymm0High, string Ymm1High)[] XStateCases =
    [
        ("edit", "55667788 99aabbcc ddeeff00 11223344", "cafef00d 0badc0de 12345678 9abcdef0"),
        ("clear-bv", Zero, Zero),
        ("no-magic2", Zero, Zero),
        ("no-xfeatures", Zero, Zero),
    ];

    [Theory]
    [MemberData(nameof(Modes))]
    public void FrameFpState_BehavesLikeNative(string arch, string mode, string expectedOutput)
    {
        var guest = Guests[arch].Value;
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, [mode], []);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, [mode], []);
        Assert.False(native.TimedOut, $"native {arch} {mode} timed out");
        Assert.False(translated.TimedOut, $"translated {arch} {mode} timed out");
        Assert.Equal($"mode {mode}\n" + expectedOutput, native.StdoutText);
        Assert.Equal(0, native.ExitCode);
        Assert.Equal(native.StdoutText, translated.StdoutText);
        Assert.Equal(0, translated.ExitCode);
    }
}
