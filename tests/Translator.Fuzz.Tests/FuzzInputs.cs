using System.Diagnostics;

namespace Translator.Fuzz.Tests;

/// <summary>The seed inputs of the fuzzer: tiny static -nostdlib programs (x86-64 and i386) built once per test run,
/// so that a whole translation costs a fraction of a second.</summary>
internal static class FuzzInputs
{
    // _start calls a helper through a switch (a jump table at -O1 with enough cases), keeps a counter in .data and a
    // buffer in .bss, then writes and exits with raw syscalls; enough structure for the discovery and lifting code.
    private const string Source = """
        static int counter = 3;
        static char buffer[64];
        __attribute__((noinline)) static int pick(int x) {
            switch (x) {
            case 0: return 11; case 1: return 22; case 2: return 35; case 3: return 47;
            case 4: return 51; case 5: return 68; case 6: return 70; default: return 9;
            }
        }
        #if defined(__x86_64__)
        static long sys3(long nr, long a, long b, long c) {
            long r;
            __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
            return r;
        }
        #define NR_WRITE 1
        #define NR_EXIT 60
        #else
        static long sys3(long nr, long a, long b, long c) {
            long r;
            __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
            return r;
        }
        #define NR_WRITE 4
        #define NR_EXIT 1
        #endif
        void _start(void) {
            int v = pick(counter);
            buffer[0] = (char)('0' + v % 10);
            buffer[1] = '\n';
            sys3(NR_WRITE, 1, (long)buffer, 2);
            sys3(NR_EXIT, v == 47 ? 0 : 1, 0, 0);
            for (;;) { }
        }
        """;

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IReadOnlyDictionary<string, byte[]> Seeds => Built.Value;

    private static Dictionary<string, byte[]> Build()
    {
        string dir = Directory.CreateTempSubdirectory("xlate-fuzz-seeds-").FullName;
        try
        {
            string src = Path.Combine(dir, "seed.c");
            File.WriteAllText(src, Source);
            var result = new Dictionary<string, byte[]>();
            foreach (var (name, compiler) in new[] { ("x64", "gcc"), ("i386", "i686-linux-gnu-gcc") })
            {
                string output = Path.Combine(dir, name);
                Run(compiler, ["-O1", "-static", "-nostdlib", "-fno-pie", "-no-pie", "-fno-stack-protector", "-o", output, src]);
                result[name] = File.ReadAllBytes(output);
            }
            return result;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Run(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {exe}");
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
    }
}
