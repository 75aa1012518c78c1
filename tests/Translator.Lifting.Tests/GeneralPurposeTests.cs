using static Translator.Lifting.Tests.CaseBuilder;
using static Translator.Lifting.Tests.InstructionHarness;

namespace Translator.Lifting.Tests;

/// <summary>Differential cases for branches, flag transfers, conversions, moves and the stack, the i386-only
/// instructions and the system ones whose values differ from the CPU (only what is architecturally fixed is
/// compared there).</summary>
public class GeneralPurposeTests
{
    private static readonly string[] Conditions =
        { "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g" };

    private static string W(Arch arch, string name) => "%" + (arch == Arch.X64 ? "r" : "e") + name;

    public static IEnumerable<Case> ControlFlowCases(Arch arch)
    {
        int seed = 6000;
        string si = W(arch, "si"), s = arch == Arch.X64 ? "q" : "l";
        // Every jcc over a flag-neutral store into its own byte.
        yield return new Case("jcc", string.Join("\n", Conditions.Select((c, n) => $"    j{c} 1f\n    movb $1, {n}({si})\n1:")),
            Inputs(arch, seed++, 48), Arith);
        // Flags do not live across call and ret in the translation (as in every x86 ABI), so they are not compared.
        yield return new Case("jmp and call/ret", $"    call 2f\n    jmp 3f\n    movb $1, 1({si})\n2:\n    movb $2, 2({si})\n    ret\n3:",
            Inputs(arch, seed++, 2), 0);
        void SmallCount(Input i, int k, Random rng) => i.Gpr[1] = (ulong)rng.Next(1, 20);
        yield return new Case("loop", "1:\n    addl $3, %edx\n    loop 1b", Inputs(arch, seed++, 12, SmallCount), Arith);
        yield return new Case("loope", "1:\n    addl $1, %edx\n    testl $3, %edx\n    loope 1b", Inputs(arch, seed++, 12, SmallCount), Arith);
        yield return new Case("loopne", "1:\n    addl $1, %edx\n    cmpl %ebx, %edx\n    loopne 1b", Inputs(arch, seed++, 16, (i, k, rng) =>
        {
            SmallCount(i, k, rng);
            i.Gpr[3] = (i.Gpr[2] + (ulong)rng.Next(0, 25)) & 0xffffffff;
        }), Arith);
        void MaybeZeroCount(Input i, int k, Random rng)
        {
            if (k % 3 == 0) i.Gpr[1] = 0;
            else if (k % 3 == 1) i.Gpr[1] &= ~0xffffffffUL;
        }
        yield return new Case("jecxz", $"    jecxz 1f\n    movb $1, ({si})\n1:", Inputs(arch, seed++, 9, MaybeZeroCount), Arith);
        if (arch == Arch.X64)
            yield return new Case("jrcxz", $"    jrcxz 1f\n    movb $1, ({si})\n1:", Inputs(arch, seed++, 9, MaybeZeroCount), Arith);
        else
            yield return new Case("jcxz", $"    jcxz 1f\n    movb $1, ({si})\n1:", Inputs(arch, seed++, 9, (i, k, rng) =>
            {
                if (k % 3 == 0) i.Gpr[1] = 0;
                else if (k % 3 == 1) i.Gpr[1] &= ~0xffffUL;
            }), Arith);
    }

    public static IEnumerable<Case> FlagAndMoveCases(Arch arch)
    {
        int seed = 6100;
        bool x64 = arch == Arch.X64;
        string si = W(arch, "si"), dx = W(arch, "dx"), bx = W(arch, "bx"), cx = W(arch, "cx"), bp = W(arch, "bp"), sp = W(arch, "sp");
        const ulong Settable = Arith | DF;
        yield return new Case("lahf", "    lahf", Inputs(arch, seed++, 12), Arith);
        yield return new Case("sahf", "    sahf", Inputs(arch, seed++, 16), Arith);
        foreach (var op in new[] { "clc", "stc", "cmc", "cld", "std" })
            yield return new Case(op, $"    {op}", Inputs(arch, seed++, 6, (i, k, rng) => { if (k % 2 == 0) i.Flags |= DF; }), Settable);
        // Flags through the stack: only bits popf can set without side effects (arith, DF, and ID in 32/64 bits).
        void FlagsInDx(Input i, int k, Random rng) => i.Gpr[2] = (i.Gpr[2] & Settable) | (k % 2 == 0 ? 1UL << 21 : 0) | 2;
        string pushf = x64 ? "pushfq" : "pushfl", popf = x64 ? "popfq" : "popfl";
        yield return new Case("pushf", $"    {pushf}\n    pop {bx}", Inputs(arch, seed++, 8), Settable);
        yield return new Case("popf pushf", $"    push {dx}\n    {popf}\n    {pushf}\n    pop {bx}", Inputs(arch, seed++, 12, FlagsInDx), Settable);
        yield return new Case("popfw pushfw", "    pushw %dx\n    popfw\n    pushfw\n    popw %bx", Inputs(arch, seed++, 8, FlagsInDx), Settable);
        foreach (var op in x64 ? new[] { "cbtw", "cwtl", "cltq", "cwtd", "cltd", "cqto" } : new[] { "cbtw", "cwtl", "cwtd", "cltd" })
            yield return new Case(op, $"    {op}", Inputs(arch, seed++, 8), Arith);
        var extensions = new List<string> { "movsbw %cl, %dx", "movsbl %cl, %edx", "movswl %cx, %edx", "movzbw %cl, %dx",
            "movzbl %cl, %edx", "movzwl %cx, %edx", "movsbl 3(%SI), %edx", "movzwl 5(%SI), %edx" };
        if (x64) extensions.AddRange(new[] { "movsbq %cl, %rdx", "movswq %cx, %rdx", "movslq %ecx, %rdx", "movzbq %cl, %rdx", "movslq 4(%rsi), %rdx" });
        foreach (var ext in extensions)
            yield return new Case(ext, "    " + ext.Replace("%SI", si), Inputs(arch, seed++, 6), Arith);
        var leas = new List<string> { $"lea 8({si},{cx},4), {dx}", $"lea ({cx},{cx},8), %edx", $"lea -1({dx}), %ax",
            $"lea 0x12345678(,{cx},2), {dx}", $"lea -0x80({bx},{cx}), {dx}" };
        if (x64) leas.AddRange(new[] { "lea 5(%rip), %rdx", "lea (%ecx,%edx,2), %eax", "lea 0x10(%r9,%r10,8), %r11d" });
        foreach (var lea in leas)
            yield return new Case(lea, "    " + lea, Inputs(arch, seed++, 8), Arith);
        yield return new Case("push pop", $"    push {dx}\n    push $-5\n    pop {bx}\n    pop {cx}", Inputs(arch, seed++, 4), Arith);
        yield return new Case("push pop mem", $"    push 8({si})\n    pop 16({si})", Inputs(arch, seed++, 2), Arith);
        yield return new Case("pushw popw", "    pushw %dx\n    pushw $7\n    popw %bx\n    popw %cx", Inputs(arch, seed++, 4), Arith);
        // enter/leave: stack addresses differ between the runs, so only frame-relative values are kept.
        void FrameInScratch(Input i, int k, Random rng) => i.Ptr("rbp", 200);
        yield return new Case("enter leave", $"    enter $24, $0\n    mov {bp}, {bx}\n    sub {sp}, {bx}\n    mov ({bp}), {dx}\n    leave",
            Inputs(arch, seed++, 4, FrameInScratch), Arith);
        yield return new Case("enter nested", $"    enter $8, $3\n    mov {bp}, {bx}\n    sub {sp}, {bx}\n    mov -{(x64 ? 8 : 4)}({bp}), {dx}\n" +
            $"    mov -{(x64 ? 16 : 8)}({bp}), {cx}\n    mov -{(x64 ? 24 : 12)}({bp}), {W(arch, "ax")}\n    sub {bp}, {W(arch, "ax")}\n    leave",
            Inputs(arch, seed++, 4, FrameInScratch), Arith);
        yield return new Case("enter level 1", $"    enter $16, $1\n    mov {bp}, {bx}\n    sub {sp}, {bx}\n    mov -{(x64 ? 8 : 4)}({bp}), {dx}\n    sub {bp}, {dx}\n    leave",
            Inputs(arch, seed++, 4, FrameInScratch), Arith);
        // 66 c9: sp = bp, then only BP is popped (2 bytes); the rest of rbp/ebp stays (here: a stack address, so the
        // case keeps BP and the stack movement, which are the same in both runs)
        yield return new Case("leavew", $"    mov {sp}, {bx}\n    push {dx}\n    mov {sp}, {bp}\n    .byte 0x66, 0xc9\n" +
            $"    sub {sp}, {bx}\n    movzwl %bp, %ecx\n    mov {cx}, {bp}\n    lea {(x64 ? 6 : 2)}({sp}), {sp}",
            Inputs(arch, seed++, 4), Arith);
        yield return new Case("xlat", "    xlat", Inputs(arch, seed++, 8, (i, k, rng) => i.Ptr("rbx", 100)), Arith);
        foreach (int bits in x64 ? new[] { 16, 32, 64 } : new[] { 16, 32 })
        {
            string r = Reg(2, bits);
            yield return new Case($"movbe load {bits}", $"    movbe 8({si}), {r}", Inputs(arch, seed++, 2), Arith);
            yield return new Case($"movbe store {bits}", $"    movbe {r}, 8({si})", Inputs(arch, seed++, 4), Arith);
        }
        // sal is shl's second encoding (/6), which assemblers never emit.
        yield return new Case("sal /6", "    .byte 0xd1, 0xf2\n    .byte 0xc1, 0xf1, 5", Inputs(arch, seed++, 12), CF | ZF | SF | PF);
        yield return new Case("nops", "    nop\n    nopw 0(%eax,%eax)\n    pause\n    endbr64\n    endbr32", Inputs(arch, seed++, 2), Arith | DF);
    }

    public static IEnumerable<Case> I386OnlyCases(Arch arch)
    {
        if (arch != Arch.I386) yield break;
        int seed = 6300;
        yield return new Case("pushal", "    pushal\n    popl %eax\n    popl %ecx\n    popl %edx\n    leal 4(%esp), %esp\n    popl %ebx\n" +
            "    popl %ebp\n    popl %esi\n    popl %edi", Inputs(arch, seed++, 4), Arith);
        yield return new Case("popal", "    pushl %eax\n    pushl %ecx\n    pushl %edx\n    pushl %ebx\n    pushl %ebp\n    pushl %esi\n" +
            "    pushl %edi\n    pushl %eax\n    popal", Inputs(arch, seed++, 4), Arith);
        yield return new Case("pushaw", "    pushaw\n    popw %ax\n    popw %cx\n    popw %dx\n    leal 2(%esp), %esp\n    popw %bx\n" +
            "    popw %bp\n    popw %si\n    popw %di", Inputs(arch, seed++, 4), Arith);
        yield return new Case("popaw", "    pushw %ax\n    pushw %cx\n    pushw %dx\n    pushw %bx\n    pushw %bp\n    pushw %si\n" +
            "    pushw %di\n    pushw %ax\n    popaw", Inputs(arch, seed++, 4), Arith);
        // Packed BCD digits are the interesting inputs, random bytes the rest; AF and CF random in both.
        void Bcd(Input i, int k, Random rng)
        {
            if (k % 2 == 0) i.Gpr[0] = (i.Gpr[0] & ~0xffUL) | (ulong)(rng.Next(10) << 4 | rng.Next(10));
        }
        yield return new Case("aaa", "    aaa", Inputs(arch, seed++, 40, Bcd), AF | CF);
        yield return new Case("aas", "    aas", Inputs(arch, seed++, 40, Bcd), AF | CF);
        yield return new Case("daa", "    daa", Inputs(arch, seed++, 60, Bcd), Arith & ~OF);
        yield return new Case("das", "    das", Inputs(arch, seed++, 60, Bcd), Arith & ~OF);
        yield return new Case("aam", "    aam", Inputs(arch, seed++, 16), SF | ZF | PF);
        yield return new Case("aam 16", "    aam $16", Inputs(arch, seed++, 16), SF | ZF | PF);
        yield return new Case("aad", "    aad", Inputs(arch, seed++, 16), SF | ZF | PF);
        yield return new Case("aad 7", "    aad $7", Inputs(arch, seed++, 16), SF | ZF | PF);
        // bound and into only where they do not trap (a trap would end the harness).
        yield return new Case("bound", "    movl %ecx, 8(%esi)\n    movl %edx, 12(%esi)\n    bound %eax, 8(%esi)", Inputs(arch, seed++, 8, (i, k, rng) =>
        {
            int low = rng.Next(int.MinValue, int.MaxValue - 1), high = rng.Next(low, int.MaxValue);
            i.Gpr[1] = (uint)low;
            i.Gpr[2] = (uint)high;
            i.Gpr[0] = (uint)(k % 3 == 0 ? low : k % 3 == 1 ? high : rng.Next(low, high));
        }), Arith);
        yield return new Case("boundw", "    movw %cx, 8(%esi)\n    movw %dx, 10(%esi)\n    boundw %ax, 8(%esi)", Inputs(arch, seed++, 6, (i, k, rng) =>
        {
            int low = rng.Next(short.MinValue, short.MaxValue - 1), high = rng.Next(low, short.MaxValue);
            i.Gpr[1] = (ushort)low;
            i.Gpr[2] = (ushort)high;
            i.Gpr[0] = (ushort)rng.Next(low, high + 1);
        }), Arith);
        yield return new Case("into", "    into", Inputs(arch, seed++, 4, (i, k, rng) => i.Flags &= ~OF), Arith);
    }

    /// <summary>Instructions whose result differs from the CPU by design (random numbers, time, the CPU model):
    /// the result registers are not compared, everything else is.</summary>
    public static IEnumerable<Case> SystemCases(Arch arch)
    {
        int seed = 6400;
        const ulong All = ulong.MaxValue;
        foreach (int bits in arch == Arch.X64 ? new[] { 16, 32, 64 } : new[] { 16, 32 })
            yield return new Case($"rdrand {bits}", $"    rdrand {Reg(2, bits)}", Inputs(arch, seed++, 4, (i, k, rng) => i.IgnoreRegisterBits("rdx", All)), Arith);
        yield return new Case("rdtsc", "    rdtsc", Inputs(arch, seed++, 2, (i, k, rng) => i.IgnoreRegisterBits("rax", All).IgnoreRegisterBits("rdx", All)), Arith | DF);
        yield return new Case("rdtscp", "    rdtscp", Inputs(arch, seed++, 2, (i, k, rng) =>
            i.IgnoreRegisterBits("rax", All).IgnoreRegisterBits("rdx", All).IgnoreRegisterBits("rcx", All)), Arith | DF);
        yield return new Case("cpuid", "    cpuid", Inputs(arch, seed++, 2, (i, k, rng) =>
        {
            i.Gpr[0] = (ulong)k;
            foreach (var r in new[] { "rax", "rbx", "rcx", "rdx" }) i.IgnoreRegisterBits(r, All);
        }), Arith | DF);
        // The integer extensions the guest CPU advertises (docs/cpuid.md) must be ones this CPU has, since the
        // differential tests of their instructions compare with it: only those bits are compared.
        foreach (var (leaf, reg, bits) in new[] { (1UL, "rcx", (1UL << 22) | (1UL << 23)), (7UL, "rbx", (1UL << 3) | (1UL << 8) | (1UL << 19)),
                     (0x80000001UL, "rcx", 1UL << 5) })
            yield return new Case($"cpuid leaf 0x{leaf:x} extensions", "    cpuid", Inputs(arch, seed++, 1, (i, k, rng) =>
            {
                i.Gpr[0] = leaf;
                i.Gpr[1] = 0;
                foreach (var r in new[] { "rax", "rbx", "rcx", "rdx" }) i.IgnoreRegisterBits(r, r == reg ? ~bits : All);
            }), Arith | DF);
    }

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void ControlFlow(Arch arch) => Suite.Assert(arch, "control flow");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void FlagsMovesAndStack(Arch arch) => Suite.Assert(arch, "flags and moves");

    [Fact]
    public void I386Only() => Suite.Assert(Arch.I386, "i386 only");

    [Theory, InlineData(Arch.X64), InlineData(Arch.I386)]
    public void SystemInstructions(Arch arch) => Suite.Assert(arch, "system");
}
