using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>Differential cases for the instructions the FEX and Box64 peer suites found without a handler or with
/// wrong semantics (docs/peer-suites.md, failure classes 5-7): fs/gs base access, reserved NOPs and cache hints,
/// smsw/sgdt/sidt (values of Linux's UMIP emulation), salc, arpl, far jmp/call/retf within our code segment and
/// i386 16-bit addressing.</summary>
public class IsaGapTests
{
    private static string W(Arch arch, string name) => "%" + (arch == Arch.X64 ? "r" : "e") + name;

    public static IEnumerable<Case> SegmentBaseCases(Arch arch)
    {
        if (arch != Arch.X64) yield break; // rdfsbase & co. are #UD outside 64-bit mode
        int seed = 9000;
        // The harness uses neither fs nor gs, and each case puts the old base back (rbx) before it ends.
        foreach (var seg in new[] { "fs", "gs" })
        {
            yield return new Case($"wr{seg}base rd{seg}base", $"    rd{seg}base %rbx\n    wr{seg}base %rsi\n    mov %{seg}:8, %rdx\n" +
                $"    rd{seg}base %rcx\n    movl $5, %{seg}:16\n    wr{seg}base %rbx", Inputs(arch, seed++, 3), Arith | DF);
            yield return new Case($"wr{seg}base rd{seg}base 32-bit", $"    rd{seg}base %rbx\n    mov $-1, %rcx\n    wr{seg}base %esi\n" +
                $"    rd{seg}base %ecx\n    rd{seg}base %rdx\n    mov %{seg}:4, %eax\n    wr{seg}base %rbx", Inputs(arch, seed++, 3), Arith | DF);
        }
    }

    public static IEnumerable<Case> HintCases(Arch arch)
    {
        int seed = 9100;
        string si = W(arch, "si");
        // Reserved-NOP space 0f 18 /4../7 and 0f 19..0f 1f with register and memory operands (modrm 0x06 + reg*8 is
        // [esi]/[rsi]); 0f 18 /6 and /7 on memory are prefetchit1/prefetchit0, 0f 1c /0 on memory cldemote.
        var bytes = new List<string> { "0x0f,0x18,0xe0", "0x0f,0x18,0xe9", "0x0f,0x18,0xf2", "0x0f,0x18,0xfb",
            "0x0f,0x18,0x26", "0x0f,0x18,0x2e", "0x0f,0x18,0x36", "0x0f,0x18,0x3e", "0x0f,0x19,0xc0", "0x0f,0x1a,0xc1",
            "0x0f,0x1b,0xd2", "0x0f,0x1c,0xc3", "0x0f,0x1c,0x06", "0x0f,0x1d,0xe4", "0x0f,0x1e,0xc5", "0x0f,0x1f,0xc6",
            "0x66,0x0f,0x19,0x06", "0x0f,0x0d,0x06" };
        if (arch == Arch.X64) bytes.AddRange(new[] { "0x48,0x0f,0x19,0xc0", "0x4d,0x0f,0x1f,0xc1" });
        yield return new Case("reserved nops", string.Join("\n", bytes.Select(b => $"    .byte {b}")), Inputs(arch, seed++, 2), Arith | DF);
        yield return new Case("clflush clflushopt clwb", $"    clflush 8({si})\n    clflushopt 16({si})\n    clwb 24({si})\n    movl $7, 8({si})",
            Inputs(arch, seed++, 2), Arith | DF);
    }

    public static IEnumerable<Case> SystemRegisterCases(Arch arch)
    {
        int seed = 9200;
        string si = W(arch, "si");
        var smsw = new List<string> { "smsw %eax", "smsw %cx", $"smsw 8({si})", "smsw %edx" };
        if (arch == Arch.X64) smsw.AddRange(new[] { "smsw %rbx", "smsw %r9" });
        yield return new Case("smsw", string.Join("\n", smsw.Select(s => "    " + s)), Inputs(arch, seed++, 3), Arith | DF);
        yield return new Case("sgdt sidt", $"    sgdt 8({si})\n    sidt 24({si})\n    data16 sgdt 40({si})", Inputs(arch, seed++, 2), Arith | DF);
    }

    public static IEnumerable<Case> I386Cases(Arch arch)
    {
        if (arch != Arch.I386) yield break;
        int seed = 9300;
        yield return new Case("salc", "    .byte 0xd6", Inputs(arch, seed++, 8), Arith);
        // The requested privilege level is bits 1:0: make both RPLs take every value against each other.
        void Rpls(Input i, int k, Random rng)
        {
            i.Gpr[0] = (i.Gpr[0] & ~3UL) | (uint)(k & 3);
            i.Gpr[3] = (i.Gpr[3] & ~3UL) | (uint)((k >> 2) & 3);
        }
        yield return new Case("arpl reg", "    arpl %bx, %ax", Inputs(arch, seed++, 16, Rpls), Arith);
        yield return new Case("arpl reg o16", "    .byte 0x66\n    arpl %bx, %ax", Inputs(arch, seed++, 16, Rpls), Arith);
        yield return new Case("arpl mem", "    movw %ax, 8(%esi)\n    arpl %bx, 8(%esi)\n    movl 8(%esi), %ecx", Inputs(arch, seed++, 16, Rpls), Arith);
        // 67-prefixed 16-bit addressing: the sum wraps at 64 KiB, then is zero-extended (or cut) to the operand size.
        void Big(Input i, int k, Random rng)
        {
            foreach (var r in new[] { "ebx", "ebp", "esi", "edi" })
                i.Set(r, (i.Gpr[RegIndex(r)] & 0xffff0000) | (uint)(k % 2 == 0 ? rng.Next(0x8000, 0x10000) : rng.Next(0x10000)));
        }
        foreach (var lea in new[] { "lea (%bx,%si), %ebp", "lea (%bp,%di), %esi", "lea -0x40(%bx,%di), %eax", "lea 0x7ff0(%bp,%si), %edx",
                     "lea 0x1234(%bx), %ax", "lea -2(%si), %ecx", "lea 0xfff0(%di), %edx", "addr16 lea 0x9000, %ecx" })
            yield return new Case(lea, "    " + lea, Inputs(arch, seed++, 12, Big), Arith);
    }

    public static IEnumerable<Case> FarTransferCases(Arch arch)
    {
        int seed = 9400;
        bool x64 = arch == Arch.X64;
        string si = W(arch, "si"), sp = W(arch, "sp"), dx = W(arch, "dx"), ax = W(arch, "ax");
        string label(string l) => x64 ? $"lea {l}(%rip), %rax" : $"mov ${l}, %eax";
        // The far pointer in scratch: offset at 8, our code segment's selector right after it (m16:32).
        string pointer = $"    {label("1f")}\n    movl %eax, 8({si})\n    movw %cs, 12({si})\n";
        yield return new Case("ljmp m16:32", pointer + $"    ljmp *8({si})\n    movb $1, ({si})\n1:\n    movb $2, 1({si})",
            Inputs(arch, seed++, 2), Arith);
        // A far call pushes the selector and the return offset (4 bytes each); the callee reads both and returns
        // with lret. Flags do not live across calls and returns in the translation (as in every x86 ABI), so they
        // are compared only where an instruction after the return defines them.
        string body = $"2:\n    sub {sp}, {dx}\n    mov ({sp}), %ecx\n    movzwl 4({sp}), %edi\n";
        yield return new Case("lcall m16:32 lret", $"    {label("2f")}\n    movl %eax, 8({si})\n    movw %cs, 12({si})\n" +
            $"    mov {sp}, {dx}\n    lcall *8({si})\n    jmp 3f\n" + body + "    lret\n3:\n    movb $3, 2(" + si + ")",
            Inputs(arch, seed++, 2), 0);
        // lret $n also releases the n bytes of arguments the caller pushed (one word here): bp ends as 0.
        string word = x64 ? "8" : "4";
        yield return new Case($"lcall lret ${word}", $"    {label("2f")}\n    movl %eax, 8({si})\n    movw %cs, 12({si})\n" +
            $"    mov {sp}, {W(arch, "bp")}\n    push {ax}\n    mov {sp}, {dx}\n    lcall *8({si})\n    jmp 3f\n" + body +
            $"    lret ${word}\n3:\n    sub {sp}, {W(arch, "bp")}", Inputs(arch, seed++, 2), Arith);
        // iret in user mode: rip, cs, eflags (64-bit: also rsp and ss, and rsp takes the popped value).
        if (x64)
            yield return new Case("iretq", "    mov %rsp, %rdx\n    mov %ss, %eax\n    push %rax\n    lea -64(%rdx), %rcx\n    push %rcx\n" +
                "    pushfq\n    mov %cs, %ecx\n    push %rcx\n    lea 1f(%rip), %rcx\n    push %rcx\n    iretq\n1:\n" +
                "    mov %rsp, %rbx\n    sub %rbx, %rdx\n    mov $0, %ebx\n    lea 64(%rsp), %rsp", Inputs(arch, seed++, 2), 0);
        else
            yield return new Case("iretl", "    mov %esp, %edx\n    pushfl\n    mov %cs, %ecx\n    push %ecx\n    push $1f\n    iretl\n1:\n" +
                "    sub %esp, %edx", Inputs(arch, seed++, 2), 0);
        if (x64)
        {
            // REX.W: 8-byte pushes; the pointer laid out as AMD (this host) reads it, m16:32 (see FunctionLifter).
            yield return new Case("rex64 lcall lretq", $"    {label("2f")}\n    movl %eax, 8(%rsi)\n    movw %cs, 12(%rsi)\n" +
                "    mov %rsp, %rdx\n    rex64 lcall *8(%rsi)\n    jmp 3f\n2:\n    sub %rsp, %rdx\n" +
                "    mov (%rsp), %rcx\n    mov 8(%rsp), %rdi\n    lretq\n3:", Inputs(arch, seed++, 2), 0);
            yield return new Case("rex64 ljmp", pointer + "    rex64 ljmp *8(%rsi)\n    movb $1, (%rsi)\n1:\n    movb $2, 1(%rsi)",
                Inputs(arch, seed++, 2), Arith);
        }
    }

    /// <summary>Selectors read back from segment registers: Linux's values at start, and what mov/pop loaded.
    /// Every case puts the data segments back as it found them.</summary>
    public static IEnumerable<Case> SelectorCases(Arch arch)
    {
        int seed = 9500;
        string si = W(arch, "si");
        yield return new Case("mov from sreg", $"    mov %es, %eax\n    mov %cs, %ebx\n    mov %ss, %ecx\n    mov %ds, %edx\n" +
            $"    mov %fs, %di\n    mov %gs, 8({si})\n    mov %ds, 10({si})", Inputs(arch, seed++, 2), Arith | DF);
        if (arch == Arch.X64)
        {
            yield return new Case("mov to sreg", "    mov $0x2b, %eax\n    mov %eax, %ds\n    mov %ds, %ebx\n    mov %ax, %es\n" +
                "    mov %es, %ecx\n    xor %eax, %eax\n    mov %eax, %ds\n    mov %eax, %es\n    mov %ds, %edx", Inputs(arch, seed++, 2), Arith | DF);
            yield return new Case("push pop sreg", "    push %fs\n    pop %rax\n    push %gs\n    pop %rbx\n    mov %ss, %ecx\n" +
                "    mov %ecx, %ds\n    push %fs\n    pop %fs\n    mov %ds, %edx\n    xor %ecx, %ecx\n    mov %ecx, %ds", Inputs(arch, seed++, 2), Arith | DF);
        }
        else
        {
            yield return new Case("mov to sreg", "    mov %cs, %eax\n    mov %eax, %es\n    mov %es, %ebx\n    mov %ds, %ecx\n" +
                "    mov %ecx, %es\n    mov %es, %edx", Inputs(arch, seed++, 2), Arith | DF);
            yield return new Case("push pop sreg", "    push %ds\n    push %cs\n    pop %es\n    mov %es, %eax\n    pop %es\n" +
                "    mov %es, %ebx\n    push %ss\n    pop %ecx\n    push %fs\n    pop %edx", Inputs(arch, seed++, 2), Arith | DF);
        }
    }

    public static IEnumerable<(string Group, Case[] Cases)> Groups(Arch arch)
    {
        yield return ("selectors", SelectorCases(arch).ToArray());
        yield return ("segment bases", SegmentBaseCases(arch).ToArray());
        yield return ("hints", HintCases(arch).ToArray());
        yield return ("system registers", SystemRegisterCases(arch).ToArray());
        yield return ("i386", I386Cases(arch).ToArray());
        yield return ("far transfers", FarTransferCases(arch).ToArray());
    }

    private static readonly SuiteRun Results = new(Groups);

    [Fact]
    public void FsGsBase() => Results.Assert(Arch.X64, "segment bases");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void ReservedNopsAndCacheHints(Arch arch) => Results.Assert(arch, "hints");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void SmswSgdtSidt(Arch arch) => Results.Assert(arch, "system registers");

    [Fact]
    public void SalcArplAndAddress16() => Results.Assert(Arch.I386, "i386");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void SegmentSelectors(Arch arch) => Results.Assert(arch, "selectors");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void FarJmpCallRetf(Arch arch) => Results.Assert(arch, "far transfers");
}
