using System.Text.RegularExpressions;
using Translator.Pipeline;
using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>LOCK-prefixed read-modify-write instructions: same flags, registers and memory as natively, and the
/// translation uses an atomic access.</summary>
public class LockTests
{
    private static string Si(Arch arch) => arch == Arch.X64 ? "%rsi" : "%esi";

    public static IEnumerable<Case> LockCases(Arch arch)
    {
        int seed = 5000;
        foreach (int bits in Widths(arch))
        {
            string s = Suffix(bits), cx = Reg(1, bits), dx = Reg(2, bits), si = Si(arch);
            // The memory operand first gets rdx (random and edge values), then the locked instruction runs on it.
            string Fill(int offset) => $"    mov{s} {dx}, {offset}({si})\n";
            foreach (var op in new[] { "add", "sub", "and", "or", "xor", "adc", "sbb" })
            {
                ulong flags = op is "and" or "or" or "xor" ? Arith & ~AF : Arith;
                yield return new Case($"lock {op}{s} reg", Fill(8) + $"    lock {op}{s} {cx}, 8({si})", Inputs(arch, seed++, 24), flags);
                yield return new Case($"lock {op}{s} imm", Fill(16) + $"    lock {op}{s} $0x7f, 16({si})", Inputs(arch, seed++, 12), flags);
                if (bits > 8)
                    yield return new Case($"lock {op}{s} imm8", Fill(4) + $"    lock {op}{s} $-2, 4({si})", Inputs(arch, seed++, 12), flags);
            }
            foreach (var op in new[] { "inc", "dec", "neg", "not" })
                yield return new Case($"lock {op}{s}", Fill(8) + $"    lock {op}{s} 8({si})", Inputs(arch, seed++, 24), Arith);
            // Straight from the pristine scratch bytes, at a misaligned offset.
            yield return new Case($"lock add{s} unaligned", $"    lock add{s} {cx}, 3({si})", Inputs(arch, seed++, 4), Arith);
            yield return new Case($"lock adc{s} unaligned", $"    lock adc{s} {cx}, 5({si})", Inputs(arch, seed++, 4), Arith);
            yield return new Case($"xchg{s} unaligned", $"    xchg{s} {cx}, 7({si})", Inputs(arch, seed++, 4), Arith);
            yield return new Case($"lock xadd{s} unaligned", $"    lock xadd{s} {cx}, 9({si})", Inputs(arch, seed++, 4), Arith);
            yield return new Case($"lock cmpxchg{s} unaligned", Fill(11) + $"    lock cmpxchg{s} {cx}, 11({si})",
                Inputs(arch, seed++, 8, (i, k, rng) => { if (k % 2 == 0) i.Gpr[0] = i.Gpr[2]; }), Arith);
            if (bits > 8)
                yield return new Case($"lock btc{s} unaligned", $"    lock btc{s} {cx}, 13({si})",
                    Inputs(arch, seed++, 8, (i, k, rng) => i.Gpr[1] = (ulong)rng.Next(-200, 200)), CF);
        }
        string m = Si(arch);
        string Store8(int at) => $"    mov %eax, {at}({m})\n    mov %edx, {at + 4}({m})\n";
        foreach (int at in new[] { 8, 6 })
        {
            yield return new Case($"lock cmpxchg8b equal at {at}", Store8(at) + $"    lock cmpxchg8b {at}({m})", Inputs(arch, seed++, 4), ZF);
            yield return new Case($"lock cmpxchg8b differ at {at}", $"    lock cmpxchg8b {at}({m})", Inputs(arch, seed++, 4), ZF);
        }
        if (arch == Arch.X64)
        {
            yield return new Case("lock cmpxchg16b equal", "    mov %rax, 16(%rsi)\n    mov %rdx, 24(%rsi)\n    lock cmpxchg16b 16(%rsi)",
                Inputs(arch, seed++, 4), ZF);
            yield return new Case("lock cmpxchg16b differ", "    lock cmpxchg16b 16(%rsi)", Inputs(arch, seed++, 4), ZF);
        }
    }

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void LockedReadModifyWrite(Arch arch) => Suite.Assert(arch, "lock");

    /// <summary>`lock add %eax, (%rsi)` compiles to an atomic read-modify-write (LSE ldadd/outlined helper or an
    /// exclusive load/store pair); the unlocked form to a plain load and store.</summary>
    [Theory]
    [InlineData("lock add %eax, (%rsi)", true)]
    [InlineData("lock adcl $3, (%rsi)", true)]
    [InlineData("lock negl (%rsi)", true)]
    [InlineData("add %eax, (%rsi)", false)]
    public void LockedAdd_CompilesToAnAtomic(string instruction, bool atomic)
    {
        string dir = Path.Combine(Path.GetTempPath(), "xlate-lifting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string source = Path.Combine(dir, "work.s"), binary = Path.Combine(dir, "work"), output = binary + ".arm64";
            File.WriteAllText(source, $$"""
                    .text
                    .globl work
                    .type work, @function
                work:
                    {{instruction}}
                    ret
                .size work, . - work
                    .globl _start
                _start:
                    lea a(%rip), %rsi
                    call work
                    mov $60, %eax
                    xor %edi, %edi
                    syscall
                    .data
                a: .long 5
                """);
            var psi = new System.Diagnostics.ProcessStartInfo("gcc", $"-static -nostdlib -o {binary} {source}") { RedirectStandardError = true };
            using (var gcc = System.Diagnostics.Process.Start(psi)!)
            {
                string err = gcc.StandardError.ReadToEnd();
                gcc.WaitForExit();
                Assert.True(gcc.ExitCode == 0, err);
            }
            Translation.TranslateFile(binary, output, new TranslateOptions
            {
                Jobs = 1, OptLevel = 2, Dump = DumpKinds.Asm, DumpDirectory = dir, DumpFunction = "work",
            });
            var asm = File.ReadAllText(Directory.GetFiles(dir, "work*.s").Single(f => !f.EndsWith("work.s")));
            bool hasAtomic = Regex.IsMatch(asm, @"(?m)^\s+(ldaxr|ldxr|ldadd\w*|cas\w*|swp\w*|bl\s+__aarch64_\w+)\s");
            Assert.True(hasAtomic == atomic, $"atomic expected: {atomic}\n{asm}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
