using System.Diagnostics;

namespace Translator.Llvm.Tests;

internal static class ToolRunner
{
    public static (int ExitCode, string StdOut, string StdErr) Run(string file, IEnumerable<string> args, string? workDir = null, int timeoutMs = 30_000)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} timed out");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string RunOk(string file, params string[] args)
    {
        var (code, o, e) = Run(file, args);
        if (code != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}):\n{o}\n{e}");
        return o;
    }

    /// <summary>Fresh temporary directory, deleted by the returned handle.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("xlate-llvm-test-").FullName;
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Compiles a freestanding AArch64 C file that defines _start (and helpers), links it with
    /// <paramref name="objects"/> using ld.lld-19 and runs it under qemu-aarch64; returns the exit status.</summary>
    public static int LinkAndRun(TempDir dir, string startC, params byte[][] objects)
    {
        var startSrc = dir.File("start.c");
        File.WriteAllText(startSrc, startC);
        var startObj = dir.File("start.o");
        RunOk("clang-19", "--target=aarch64-linux-gnu", "-ffreestanding", "-nostdlib", "-fno-stack-protector", "-O1", "-c", startSrc, "-o", startObj);
        var linkArgs = new List<string> { "-static", "-e", "_start", "-o", dir.File("prog"), startObj };
        for (int i = 0; i < objects.Length; i++)
        {
            var o = dir.File($"m{i}.o");
            File.WriteAllBytes(o, objects[i]);
            linkArgs.Add(o);
        }
        RunOk("ld.lld-19", [.. linkArgs]);
        return Run("qemu-aarch64", [dir.File("prog")]).ExitCode;
    }

    public const string ExitSyscall = """
        static void sys_exit(long status) {
            register long x0 __asm__("x0") = status;
            register long x8 __asm__("x8") = 93;
            __asm__ volatile("svc 0" : : "r"(x0), "r"(x8) : "memory");
            for (;;) {}
        }
        """;
}
