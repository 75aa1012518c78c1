namespace Translator.EndToEnd.Tests;

/// <summary>Locations of the repository, the corpus and the build directory used by the end-to-end tests.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> root = new(FindRoot);

    /// <summary>The directory that contains Translator.sln.</summary>
    public static string Root => root.Value;

    public static string Corpus => Path.Combine(Root, "corpus");

    /// <summary>$XLATE_BUILD_DIR, or &lt;repo&gt;/build/e2e (ignored by git).</summary>
    public static string BuildDir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("XLATE_BUILD_DIR");
            var dir = string.IsNullOrEmpty(env) ? Path.Combine(Root, "build", "e2e") : Path.GetFullPath(env);
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>The build configuration of this test assembly (Debug or Release), from its output path.</summary>
    public static string Configuration
    {
        get
        {
            // .../bin/<Configuration>/<tfm>/
            var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return tfmDir.Parent?.Name ?? "Debug";
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Translator.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Translator.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A fresh, empty directory under the build directory.</summary>
    public static string NewTempDir(string purpose)
    {
        var dir = Path.Combine(BuildDir, "tmp", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Deletes a directory tree, ignoring failures (best effort cleanup).</summary>
    public static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
