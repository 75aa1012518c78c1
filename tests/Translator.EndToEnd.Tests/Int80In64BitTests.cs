namespace Translator.EndToEnd.Tests;

/// <summary>`int $0x80` in a 64-bit process makes an i386 syscall (i386 numbers, 32-bit arguments), and rax gets the
/// result as a long: an error is sign-extended. Compared with the native run of the same program.</summary>
public class Int80In64BitTests
{
    private const string Source = """
            .data
        msg: .ascii "int80 write\n"
            .text
            .globl _start
        _start:
            mov $4, %eax            # i386 write
            mov $1, %ebx
            mov $msg, %ecx
            mov $12, %edx
            int $0x80
            cmp $12, %rax
            jne .Lbad
            mov $6, %eax            # i386 close(-1): -EBADF in all of rax
            mov $-1, %ebx
            int $0x80
            cmp $-9, %rax
            jne .Lbad
            mov $1, %eax            # i386 exit(42)
            mov $42, %ebx
            int $0x80
        .Lbad:
            mov $60, %eax
            mov $3, %edi
            syscall
        """;

    [Fact]
    public void Int80_MakesAnI386Syscall()
    {
        var native = GuestPrograms.Assemble("int80-64", "int80", "gcc", Source, "-no-pie");
        var expected = TestArtifacts.RunGuest(native, underQemu: false, [], []);
        Assert.Equal(42, expected.ExitCode);
        Assert.Equal("int80 write\n", expected.StdoutText);
        var translated = TestArtifacts.RunGuest(TestArtifacts.Translate(native, "int80-64"), underQemu: true, [], []);
        OutputAssert.SameBehaviour(expected, translated, "int80 in x86-64");
    }
}
