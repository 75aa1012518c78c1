using System.Text;
using System.Text.RegularExpressions;

namespace Translator.PeerSuites;

/// <summary>
/// Turns one FEX ASM test into a tiny static ELF: the test's code is linked at 0x10000 (its .text, renamed
/// .peer_code), the memory regions FEX's harness maps become NOBITS sections at their addresses, and our own entry
/// code (.peer_text)
/// clears the registers, sets RFLAGS to 0x202, runs the test and, where the test says hlt, jumps to an epilogue
/// that writes a register dump to stdout and exits. See <see cref="DumpLayout"/> for the dump.
/// </summary>
public static partial class FexElfBuilder
{
    /// <summary>Byte offsets in the 1024-byte dump. MM area: 8 slots of 16 bytes, either mm0..7 read with movq
    /// (MMX tests) or ST(0)..ST(7) stored with fstp tword (x87 tests; FSW tells TOP, mapping ST(i) to a
    /// physical register as FEX's harness does).</summary>
    public static class DumpLayout
    {
        public const int Gprs = 0, Xmm = 128, YmmHigh = 384, Mm = 640, Fsw = 896, Size = 1024;
        public static readonly string[] GprNames =
            ["RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"];
    }

    public enum MmDump { None, Mmx, X87 }

    public sealed record Plan(bool Xmm, bool YmmHigh, MmDump Mm);

    [GeneratedRegex(@"^(\s*(?:[\w.$@?]+:)?\s*)hlt\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex HltLine();

    [GeneratedRegex(@"^(\s*)section\s+\.text\b", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex TextSection();

    [GeneratedRegex(@"\b[xy]mm\d+\b", RegexOptions.IgnoreCase)]
    private static partial Regex VectorRegister();

    [GeneratedRegex(@"\b(mov|pop)\s+(ds|es|ss|fs|gs)\b|\bl[defgs]s\b|0x17\b", RegexOptions.IgnoreCase)]
    private static partial Regex SegmentLoad();

    [GeneratedRegex(@"\bmm[0-7]\b", RegexOptions.IgnoreCase)]
    private static partial Regex MmxRegister();

    public static Plan PlanFor(FexTest test)
    {
        bool expectsXmm = test.RegData.Keys.Any(k => k.StartsWith("XMM"));
        bool ymm = test.RegData.Where(kv => kv.Key.StartsWith("XMM")).Any(kv => kv.Value.Length > 2);
        bool usesVectors = VectorRegister().IsMatch(test.Body);
        var mm = MmDump.None;
        if (test.RegData.Keys.Any(k => k.StartsWith("MM")))
            mm = MmxRegister().IsMatch(test.Body) ? MmDump.Mmx : MmDump.X87;
        // 64-bit guests always have SSE2; a match-only test is compared on every register.
        bool xmm = expectsXmm || (!test.Is32Bit && (usesVectors || test.OnlyMatch));
        return new Plan(xmm, ymm, mm);
    }

    /// <summary>Writes the wrapper source, assembles and links it. Returns null on success, else what failed.</summary>
    public static string? Build(FexTest test, string includeDir, string workDir, string elfPath, out Plan plan)
    {
        plan = PlanFor(test);
        string asm = Path.Combine(workDir, "test.asm"), obj = Path.Combine(workDir, "test.o");
        var regions = Regions(test);
        File.WriteAllText(asm, WrapperSource(test, plan, regions));
        string? err = Tools.Check("nasm", ["-f", test.Is32Bit ? "elf32" : "elf64", "-i", includeDir + "/", asm, "-o", obj], workDir);
        if (err != null) return err;
        var ldArgs = new List<string>
        {
            "-m", test.Is32Bit ? "elf_i386" : "elf_x86_64", "-static", "-nostdlib", "--no-warn-rwx-segments", "-e", "__peer_entry",
            "--section-start=.peer_code=0x10000", "--section-start=.peer_text=0x800000", "--section-start=.peer_bss=0x900000",
            "--section-start=.peer_data=0x8f0000",
        };
        for (int i = 0; i < regions.Count; i++) ldArgs.Add($"--section-start=.peer_mem{i}=0x{regions[i].Start:x}");
        ldArgs.AddRange(["-o", elfPath, obj]);
        return Tools.Check("ld", ldArgs, workDir);
    }

    /// <summary>The scratch pages FEX's harness always maps, the test's own regions, a page for memory data
    /// outside them and, for 32-bit tests, the stack page at 0xc0000000; merged where they overlap.</summary>
    public static List<(ulong Start, ulong End)> Regions(FexTest test)
    {
        const ulong page = 0x1000;
        var list = new List<(ulong Start, ulong End)> { (0xe000_0000, 0xe000_0000 + 10 * page), (0xe800_0000 - page, 0xe800_0000 + page) };
        if (test.Is32Bit) list.Add((0xc000_0000, 0xc000_0000 + page));
        foreach (var (start, size) in test.MemoryRegions) list.Add((start & ~(page - 1), (start + size + page - 1) & ~(page - 1)));
        foreach (var (address, bytes) in test.MemoryData)
            if (!list.Any(r => address >= r.Start && address + (ulong)bytes.Length <= r.End))
                list.Add((address & ~(page - 1), (address + (ulong)bytes.Length + page - 1) & ~(page - 1)));
        var merged = new List<(ulong Start, ulong End)>();
        foreach (var r in list.OrderBy(r => r.Start))
            if (merged.Count > 0 && r.Start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            else
                merged.Add(r);
        return merged;
    }

    private static string WrapperSource(FexTest test, Plan plan, List<(ulong Start, ulong End)> regions)
    {
        bool b32 = test.Is32Bit;
        int xmmCount = b32 ? 8 : 16;
        var s = new StringBuilder();
        s.AppendLine(b32 ? "BITS 32" : "BITS 64");
        // Writable like the pages FEX's harness maps: many tests keep their data between their instructions. (ld
        // maps a section named .text read-only whatever its flags, hence our own name.)
        s.AppendLine("section .peer_code progbits alloc exec write align=16");
        s.AppendLine("global __peer_test");
        s.AppendLine("__peer_test:");
        s.AppendLine(TextSection().Replace(HltLine().Replace(test.Body, "${1}jmp __peer_stop"), "${1}section .peer_code"));
        s.AppendLine("section .peer_code");
        s.AppendLine("jmp __peer_stop");
        s.AppendLine();
        s.AppendLine("section .peer_text progbits alloc exec nowrite align=16");
        s.AppendLine("global __peer_entry");
        s.AppendLine("__peer_entry:");
        foreach (var (address, bytes) in test.MemoryData)
            for (int i = 0; i < bytes.Length; i++)
            {
                ulong a = address + (ulong)i;
                if (b32) s.AppendLine($"  mov byte [0x{a:x}], 0x{bytes[i]:x2}");
                else s.AppendLine($"  mov rax, 0x{a:x}\n  mov byte [rax], 0x{bytes[i]:x2}");
            }
        s.AppendLine(b32 ? "  mov esp, 0xc0001000" : "  mov rsp, __peer_stack_top");
        if (b32 && SegmentLoad().IsMatch(test.Body))
        {
            // FEX's harness gives 32-bit tests a flat data segment as LDT entry 2 (selector 0x17), which tests load
            // into ds/es; without it the native run faults. modify_ldt(1, &desc, 16); a translator may ignore it.
            s.AppendLine("  mov eax, 123\n  mov ebx, 1\n  mov ecx, __peer_ldt_entry\n  mov edx, 16\n  int 0x80");
        }
        if (plan.Xmm || VectorRegister().IsMatch(test.Body))
            for (int i = 0; i < xmmCount; i++) s.AppendLine($"  pxor xmm{i}, xmm{i}");
        s.AppendLine("  finit");
        s.AppendLine("  push 0x202");
        s.AppendLine(b32 ? "  popfd" : "  popfq");
        foreach (var r in b32 ? new[] { "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp" }
                              : ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"])
            s.AppendLine($"  mov {r}, 0");
        s.AppendLine("  jmp __peer_test");
        s.AppendLine();
        s.AppendLine("__peer_stop:");
        string[] gprs = b32 ? ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"]
                            : ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
        for (int i = 0; i < gprs.Length; i++) s.AppendLine($"  mov [{Abs(b32)}__peer_dump + {DumpLayout.Gprs + 8 * i}], {gprs[i]}");
        if (plan.Xmm)
            for (int i = 0; i < xmmCount; i++) s.AppendLine($"  movdqu [{Abs(b32)}__peer_dump + {DumpLayout.Xmm + 16 * i}], xmm{i}");
        if (plan.YmmHigh)
            for (int i = 0; i < xmmCount; i++) s.AppendLine($"  vextractf128 [{Abs(b32)}__peer_dump + {DumpLayout.YmmHigh + 16 * i}], ymm{i}, 1");
        if (plan.Mm == MmDump.Mmx)
            for (int i = 0; i < 8; i++) s.AppendLine($"  movq [{Abs(b32)}__peer_dump + {DumpLayout.Mm + 16 * i}], mm{i}");
        if (plan.Mm == MmDump.X87)
        {
            s.AppendLine("  fnstsw ax");
            s.AppendLine($"  mov [{Abs(b32)}__peer_dump + {DumpLayout.Fsw}], ax");
            for (int i = 0; i < 8; i++) s.AppendLine($"  fstp tword [{Abs(b32)}__peer_dump + {DumpLayout.Mm + 16 * i}]");
        }
        if (b32)
            s.AppendLine($"  mov eax, 4\n  mov ebx, 1\n  mov ecx, __peer_dump\n  mov edx, {DumpLayout.Size}\n  int 0x80\n" +
                         "  mov eax, 1\n  mov ebx, 0\n  int 0x80");
        else
            s.AppendLine($"  mov eax, 1\n  mov edi, 1\n  mov esi, __peer_dump\n  mov edx, {DumpLayout.Size}\n  syscall\n" +
                         "  mov eax, 60\n  xor edi, edi\n  syscall");
        s.AppendLine("  ud2");
        s.AppendLine();
        s.AppendLine("section .peer_data progbits alloc write noexec align=16");
        // struct user_desc: entry 2, base 0, limit 0xfffff pages, flags seg_32bit | limit_in_pages | useable
        s.AppendLine("__peer_ldt_entry: dd 2, 0, 0xfffff, 0x51");
        s.AppendLine("section .peer_bss nobits alloc write align=16");
        s.AppendLine("__peer_stack: resb 65536");
        s.AppendLine("__peer_stack_top:");
        s.AppendLine($"__peer_dump: resb {DumpLayout.Size}");
        for (int i = 0; i < regions.Count; i++)
        {
            // Executable like FEX's mappings: some tests write code there and call it.
            s.AppendLine($"section .peer_mem{i} nobits alloc write exec align=4096");
            s.AppendLine($"  resb 0x{regions[i].End - regions[i].Start:x}");
        }
        return s.ToString();
    }

    private static string Abs(bool b32) => b32 ? "" : "abs ";
}
