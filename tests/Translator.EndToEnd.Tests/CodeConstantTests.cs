namespace Translator.EndToEnd.Tests;

/// <summary>
/// Code reached only through an address the code itself materialises (`lea .L(%rip),%rax; push %rax; ret`,
/// `jmp *%rcx`, i386 `push $.L; ret`): discovery must make those addresses entries, or the translated program stops
/// with "no translation for guest address" (FEX's Primary_C3 test, glibc's i386 makecontext).
/// </summary>
public class CodeConstantTests
{
    private const string X64 = """
            .text
            .globl _start
        _start:
            lea .Lafter(%rip), %rax
            push %rax
            ret
            ud2
        .Lafter:
            lea .Lexit(%rip), %rcx
            jmp *%rcx
            ud2
        .Lexit:
            mov $60, %eax
            mov $7, %edi
            syscall
        """;

    private const string I386 = """
            .text
            .globl _start
        _start:
            push $.Lafter
            ret
            ud2
        .Lafter:
            mov $.Lexit, %ecx
            jmp *%ecx
            ud2
        .Lexit:
            mov $1, %eax
            mov $7, %ebx
            int $0x80
        """;

    [Theory]
    [InlineData("x64")]
    [InlineData("i386")]
    public void AddressesOfOwnCode_AreEntries(string arch)
    {
        var native = GuestPrograms.Assemble("code-constants", $"pushret.{arch}", arch == "x64" ? "gcc" : "i686-linux-gnu-gcc",
            arch == "x64" ? X64 : I386);
        var expected = TestArtifacts.RunGuest(native, underQemu: false, [], []);
        Assert.Equal(7, expected.ExitCode);
        var translated = TestArtifacts.RunGuest(TestArtifacts.Translate(native, $"pushret.{arch}"), underQemu: true, [], []);
        OutputAssert.SameBehaviour(expected, translated, $"pushret.{arch}");
    }
}
