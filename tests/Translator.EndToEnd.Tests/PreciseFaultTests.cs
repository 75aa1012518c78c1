namespace Translator.EndToEnd.Tests;

/// <summary>
/// `--faults=precise` (issue 6): Signals/precise_fault.c faults on a load with known values in every register and
/// flags from a compare; its SIGSEGV handler prints the context and then retries the load with a fixed address,
/// skips it (rip past the load, its destination set by hand) or edits another register as well. Translated with
/// --faults=precise, stdout must equal the native run's (the default translation cannot resume inside a block and
/// shows registers as last stored).
/// </summary>
public class PreciseFaultTests
{
    private static readonly Dictionary<string, Lazy<BuiltGuest>> Guests =
        GuestPrograms.ForBothGuests("precise-fault",
            File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Translator.EndToEnd.Tests", "Signals", "precise_fault.c")),
            "--faults=precise");

    [Theory]
    [InlineData("x64", "retry")]
    [InlineData("x64", "skip")]
    [InlineData("x64", "edit")]
    [InlineData("i386", "retry")]
    [InlineData("i386", "skip")]
    [InlineData("i386", "edit")]
    public void HandlerSeesAndEditsExactRegisters(string arch, string mode)
    {
        var guest = Guests[arch].Value;
        var native = TestArtifacts.RunGuest(guest.Native, underQemu: false, [mode], []);
        var translated = TestArtifacts.RunGuest(guest.Translated, underQemu: true, [mode], []);
        Assert.Equal(0, native.ExitCode);
        Assert.Contains("fault: at the load 1, si_addr 0x10,", native.StdoutText);
        Assert.Contains("after:", native.StdoutText);
        OutputAssert.SameBehaviour(native, translated, $"precise_fault {arch} {mode}");
    }
}
