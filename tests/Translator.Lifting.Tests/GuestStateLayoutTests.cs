using System.Diagnostics;
using Translator.Lifting;
using Xunit;

namespace Translator.Lifting.Tests;

/// <summary>The C# mirror of GuestState must match runtime/include/guest_state.h field by field.</summary>
public class GuestStateLayoutTests
{
    [Fact]
    public void OffsetsMatchTheRuntimeHeader()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Translator.sln"))) root = Path.GetDirectoryName(root)!;
        string dir = Directory.CreateTempSubdirectory("xlate-layout-").FullName;
        try
        {
            string c = Path.Combine(dir, "layout.c");
            var lines = GuestStateLayout.Fields
                .Select(f => $"  printf(\"{f.CName} %zu\\n\", offsetof(GuestState, {f.CName}));");
            File.WriteAllText(c, "#include <stdio.h>\n#include <stddef.h>\n#include \"guest_state.h\"\nint main(void) {\n"
                + string.Join("\n", lines) + "\n  printf(\"size %zu\\n\", sizeof(GuestState));\n  return 0;\n}\n");
            string exe = Path.Combine(dir, "layout");
            Run("gcc", $"-I{Path.Combine(root, "runtime", "include")} -o {exe} {c}");
            var printed = Run(exe, "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1]));
            foreach (var (name, offset) in GuestStateLayout.Fields)
                Assert.True(printed[name] == offset, $"{name}: C offset {printed[name]}, C# offset {offset}");
            Assert.Equal(GuestStateLayout.Size, printed["size"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string file, string args)
    {
        var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {error}");
        return output;
    }
}
