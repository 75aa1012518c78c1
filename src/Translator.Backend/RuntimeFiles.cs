namespace Translator.Backend;

/// <summary>The prebuilt runtime: one relocatable object and the linker-script template.</summary>
public sealed record RuntimeFiles(string Object, string LinkScriptTemplate)
{
    private static readonly object BuildLock = new();

    /// <summary>XLATE_RUNTIME_DIR if set; else the runtime next to the translator (installed layout); else the
    /// source tree's runtime/, built into build/runtime when its sources changed.</summary>
    public static RuntimeFiles Locate()
    {
        string? dir = Environment.GetEnvironmentVariable("XLATE_RUNTIME_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            string installed = Path.Combine(AppContext.BaseDirectory, "runtime");
            if (File.Exists(Path.Combine(installed, "xlate_rt.o"))) dir = installed;
        }
        if (string.IsNullOrEmpty(dir))
        {
            string? root = FindSourceRoot();
            if (root == null)
                throw new ToolException("cannot find the xlate runtime (set XLATE_RUNTIME_DIR to a directory holding xlate_rt.o and link.ld.in)");
            dir = Path.Combine(root, "build", "runtime");
            BuildIfStale(Path.Combine(root, "runtime"), dir);
        }
        var files = new RuntimeFiles(Path.Combine(dir, "xlate_rt.o"), Path.Combine(dir, "link.ld.in"));
        if (!File.Exists(files.Object) || !File.Exists(files.LinkScriptTemplate))
            throw new ToolException($"the xlate runtime in {dir} is incomplete (xlate_rt.o, link.ld.in)");
        return files;
    }

    private static string? FindSourceRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "runtime", "build.sh")) && File.Exists(Path.Combine(d.FullName, "Translator.sln")))
                return d.FullName;
        return null;
    }

    private static void BuildIfStale(string source, string output)
    {
        lock (BuildLock)
        {
            string obj = Path.Combine(output, "xlate_rt.o");
            var newestSource = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/tests/"))
                .Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
            if (File.Exists(obj) && File.GetLastWriteTimeUtc(obj) >= newestSource) return;
            // Several test processes may race here: build into a private dir and move into place.
            string temp = output + ".tmp-" + Environment.ProcessId;
            Tools.Run("sh", new[] { Path.Combine(source, "build.sh"), temp });
            Directory.CreateDirectory(output);
            foreach (var f in new[] { "xlate_rt.o", "link.ld.in" })
                File.Move(Path.Combine(temp, f), Path.Combine(output, f), overwrite: true);
            Directory.Delete(temp, recursive: true);
        }
    }
}
