using System.Diagnostics;

namespace Translator.Backend;

/// <summary>Links translated code, the runtime and the guest image into one static AArch64 executable.</summary>
public static class Linker
{
    public const string GuestSectionsMarker = "/*GUEST_SECTIONS*/";

    public static void Link(RuntimeFiles runtime, IEnumerable<string> objects, string guestSections, string output)
    {
        string script = Path.Combine(Path.GetTempPath(), $"xlate-{Environment.ProcessId}-{Guid.NewGuid():N}.ld");
        try
        {
            var template = File.ReadAllText(runtime.LinkScriptTemplate);
            if (!template.Contains(GuestSectionsMarker))
                throw new InvalidOperationException($"{runtime.LinkScriptTemplate} lacks {GuestSectionsMarker}");
            File.WriteAllText(script, template.Replace(GuestSectionsMarker, guestSections));
            var args = new List<string>
            {
                "-static", "-nostdlib", "--no-dynamic-linker", "-z", "max-page-size=4096", "-z", "common-page-size=4096",
                "-z", "norelro", "-T", script, "-o", output, runtime.Object,
            };
            args.AddRange(objects);
            Tools.Run("ld.lld-19", args);
        }
        finally
        {
            File.Delete(script);
        }
    }
}

/// <summary>Runs an external tool; a failure becomes an exception with its stderr.</summary>
public static class Tools
{
    public static string Run(string tool, IEnumerable<string> args, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory != null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ToolException($"cannot run {tool}: {ex.Message}");
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                var first = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
                throw new ToolException($"{tool} failed (exit {p.ExitCode}): {first.Trim()}");
            }
            return stdout.Result;
        }
    }
}

public sealed class ToolException(string message) : Exception(message);
