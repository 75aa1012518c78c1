using System.Runtime.InteropServices;

namespace Translator.Bench;

/// <summary>Where things are: the repository (bench scripts, ../shared), the build and cache folders, and the
/// external tools each column needs. Tools that cannot be had leave a reason instead of a path.</summary>
public sealed class BenchEnvironment
{
    public required string RepositoryRoot { get; init; }
    /// <summary>Command that runs the translator CLI: program and leading arguments (e.g. dotnet xlate.dll).</summary>
    public required IReadOnlyList<string> TranslatorCommand { get; init; }
    public string BuildDirectory => Path.Combine(RepositoryRoot, "build", "bench");
    public string BinaryDirectory => Path.Combine(BuildDirectory, "bin");
    public string TranslatedDirectory => Path.Combine(BuildDirectory, "translated");
    public string RunDirectory => Path.Combine(BuildDirectory, "runs");
    public string PluginPath => Path.Combine(RepositoryRoot, "build", "tools", "libinsncount.so");

    public static string CacheRoot
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("XLATE_CACHE");
            return string.IsNullOrEmpty(dir)
                ? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/tmp", ".cache", "xlate")
                : dir;
        }
    }

    public static bool HostIsArm64 => RuntimeInformation.OSArchitecture == Architecture.Arm64;
    public static bool HostIsX64 => RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>Walks up from a directory to the repository root (the folder with Translator.sln and bench/).</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Translator.sln")) && File.Exists(Path.Combine(d.FullName, "bench", "build-workloads.sh")))
                return d.FullName;
        throw new BenchException($"cannot find the xlate repository (Translator.sln, bench/) above {start}");
    }

    /// <summary>Builds the instruction-count plugin from ../shared/tools/insncount into build/tools (once).</summary>
    public string EnsurePlugin()
    {
        string source = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "tools", "insncount", "insncount.c"));
        if (!File.Exists(source)) throw new BenchException($"cannot find the instruction-count plugin source {source}");
        if (File.Exists(PluginPath) && File.GetLastWriteTimeUtc(PluginPath) >= File.GetLastWriteTimeUtc(source)) return PluginPath;
        Directory.CreateDirectory(Path.GetDirectoryName(PluginPath)!);
        string temp = PluginPath + ".tmp" + Environment.ProcessId;
        var r = ProcessRunner.Run("cc", ["-O2", "-shared", "-fPIC", source, "-o", temp]);
        if (r.ExitCode != 0) throw new BenchException($"building {PluginPath} failed: {r.LastErrorLine}");
        File.Move(temp, PluginPath, overwrite: true);
        return PluginPath;
    }

    /// <summary>QEMU's x86 user emulators built for arm64 (fetched once into the cache), or why not.</summary>
    public (string? X64, string? I386, string? Why) EnsureQemuX86()
    {
        string dir = Path.Combine(CacheRoot, "qemu-user-static-arm64");
        string x64 = Path.Combine(dir, "qemu-x86_64-static"), i386 = Path.Combine(dir, "qemu-i386-static");
        if (!File.Exists(x64) || !File.Exists(i386))
        {
            var r = ProcessRunner.Run("bash", [Path.Combine(RepositoryRoot, "bench", "fetch-qemu-x86.sh"), dir], timeout: TimeSpan.FromMinutes(10));
            if (r.ExitCode != 0) return (null, null, "unavailable: " + r.LastErrorLine);
        }
        return (x64, i386, null);
    }

    /// <summary>box64 from PATH if it is an AArch64 program (the only kind that can run under qemu-aarch64 here).</summary>
    public static (string? Path, string? Why) FindBox64()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "box64");
            if (!File.Exists(candidate)) continue;
            return IsAarch64Elf(candidate) ? (candidate, null) : (null, "unavailable: box64 on PATH is not an AArch64 program");
        }
        return (null, "not installed");
    }

    private static bool IsAarch64Elf(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using var f = File.OpenRead(path);
        if (f.Read(header) < 20) return false;
        return header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F'
            && BitConverter.ToUInt16(header[18..]) == 183;
    }
}
