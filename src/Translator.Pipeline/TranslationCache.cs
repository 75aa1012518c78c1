using System.Security.Cryptography;

namespace Translator.Pipeline;

/// <summary>
/// Content-addressed store of translated executables: the key hashes the input bytes, the options that change
/// the output, and the translator itself (its assemblies and the runtime object), so any change to either
/// misses. Location: XLATE_CACHE_DIR, else ~/.cache/xlate/translations; XLATE_CACHE_DIR=off disables it.
/// </summary>
public static class TranslationCache
{
    private static readonly Lazy<string> TranslatorFingerprint = new(ComputeFingerprint);

    public static string? Directory
    {
        get
        {
            string? dir = Environment.GetEnvironmentVariable("XLATE_CACHE_DIR");
            if (dir == "off") return null;
            if (string.IsNullOrEmpty(dir))
            {
                string home = Environment.GetEnvironmentVariable("HOME") ?? "/tmp";
                dir = Path.Combine(home, ".cache", "xlate", "translations");
            }
            return dir;
        }
    }

    public static string Key(byte[] input, TranslateOptions options, string runtimeObject)
    {
        using var sha = SHA256.Create();
        void Add(byte[] bytes) => sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        Add(input);
        Add(System.Text.Encoding.UTF8.GetBytes($"O{options.OptLevel};all={options.AllFunctions};x87={options.X87};mm={options.MemoryModel?.ToString() ?? "auto"};sig={options.SignalChecks};faults={options.Faults};"));
        Add(Convert.FromHexString(TranslatorFingerprint.Value));
        Add(File.ReadAllBytes(runtimeObject));
        sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        return Convert.ToHexString(sha.Hash!).ToLowerInvariant();
    }

    public static bool TryFetch(string key, string outputPath)
    {
        var dir = Directory;
        if (dir == null) return false;
        string entry = Path.Combine(dir, key);
        if (!File.Exists(entry)) return false;
        File.Copy(entry, outputPath, overwrite: true);
        return true;
    }

    public static void Store(string key, string outputPath)
    {
        var dir = Directory;
        if (dir == null) return;
        try
        {
            System.IO.Directory.CreateDirectory(dir);
            string temp = Path.Combine(dir, $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            File.Copy(outputPath, temp, overwrite: true);
            File.Move(temp, Path.Combine(dir, key), overwrite: true);
        }
        catch (IOException)
        {
            // A cache that cannot be written only costs time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string ComputeFingerprint()
    {
        using var sha = SHA256.Create();
        var dir = AppContext.BaseDirectory;
        foreach (var file in System.IO.Directory.EnumerateFiles(dir, "Translator.*.dll").OrderBy(f => f, StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }
        sha.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
        return Convert.ToHexString(sha.Hash!);
    }
}
