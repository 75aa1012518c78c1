using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Translator.Cfg.Tests;

/// <summary>Builds the tiny C test programs once per test run.</summary>
public sealed class TestBinaries : IDisposable
{
    public const string SwitchProgram = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <setjmp.h>
        static jmp_buf jb;
        __attribute__((noinline)) int sw(int x) {
          switch (x) {
            case 0: return puts("zero");
            case 1: return x * 7 + 3;
            case 2: return printf("two %d\n", x);
            case 3: return x ^ 0x55;
            case 4: return abs(x - 100);
            case 5: return putchar('5');
            case 6: return x * x * x;
            case 7: return getchar();
            case 8: return x << 9;
            case 9: return (int)(long)getenv("HOME");
            default: return -1;
          }
        }
        __attribute__((noinline)) int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
        static int add(int a, int b) { return a + b; }
        static int mul(int a, int b) { return a * b; }
        int (*ops[])(int, int) = { add, mul };
        int main(int argc, char **argv) {
          int s = 0;
          if (setjmp(jb) == 0) { s += sw(argc); longjmp(jb, 1); }
          for (int i = 0; i < 12; i++) s += sw(i + argc);
          s += fib(argc + 10);
          s += ops[argc & 1](argc, 3);
          if (argc > 5) s += (int)(long)argv[1][0];
          printf("%d\n", s);
          return 0;
        }
        """;

    public const string HelloProgram = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "xlate-cfg-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Dictionary<string, Lazy<string>> _built = new();

    public TestBinaries()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "switch.c"), SwitchProgram);
        File.WriteAllText(Path.Combine(_dir, "hello.c"), HelloProgram);
        Register("switch64", "gcc", "switch.c", "-static -O2 -fno-pie -no-pie");
        Register("switch32", "i686-linux-gnu-gcc", "switch.c", "-static -O2 -fno-pie -no-pie");
        Register("switch32pic", "i686-linux-gnu-gcc", "switch.c", "-static -O2 -fpie");
        Register("switchpie", "gcc", "switch.c", "-static-pie -O2 -fpie");
        Register("hello64", "gcc", "hello.c", "-static -O2");
        Register("hello32", "i686-linux-gnu-gcc", "hello.c", "-static -O2");
        Register("hellodyn", "gcc", "hello.c", "-O2");
    }

    private void Register(string name, string cc, string src, string flags)
    {
        string output = Path.Combine(_dir, name);
        _built[name] = new Lazy<string>(() =>
        {
            Run(cc, $"{flags} -o {output} {Path.Combine(_dir, src)}");
            return output;
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Get(string name) => _built[name].Value;

    public static string Run(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>objdump -d of one function: (address, text) per instruction line.</summary>
    public static List<(ulong Address, string Text)> Disassemble(string binary, string function)
    {
        var text = Run("objdump", $"-d --no-show-raw-insn --disassemble={function} {binary}");
        var result = new List<(ulong, string)>();
        var line = new Regex(@"^\s+([0-9a-f]+):\s+(.*)$");
        foreach (var l in text.Split('\n'))
        {
            var m = line.Match(l);
            if (m.Success) result.Add((ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber), m.Groups[2].Value.Trim()));
        }
        return result;
    }

    /// <summary>Reads bytes at a virtual address using objdump -s (independently of Translator.Elf).</summary>
    public static byte[] ReadBytes(string binary, ulong address, int count)
    {
        var text = Run("objdump", $"-s --start-address=0x{address:x} --stop-address=0x{address + (ulong)count:x} {binary}");
        var bytes = new List<byte>();
        var line = new Regex(@"^ ([0-9a-f]+) ((?:[0-9a-f]{2,8} ?){1,4})");
        foreach (var l in text.Split('\n'))
        {
            var m = line.Match(l);
            if (!m.Success) continue;
            foreach (var word in m.Groups[2].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                for (int i = 0; i + 1 < word.Length; i += 2)
                    bytes.Add(byte.Parse(word.AsSpan(i, 2), NumberStyles.HexNumber));
        }
        return bytes.Take(count).ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
