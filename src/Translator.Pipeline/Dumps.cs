using System.Globalization;
using Translator.Backend;
using Translator.Cfg;
using Translator.Lifting;

namespace Translator.Pipeline;

/// <summary>
/// Writes what `--dump` asks for into the dump directory. For every function: cfg.dot and, per LLVM module,
/// partN.ll (as lifted), partN.opt.ll (optimised) and partN.s (AArch64). For one function (--dump-function):
/// the same forms cut down to that function, named after its host symbol.
/// </summary>
internal sealed class Dumps
{
    private readonly TranslateOptions _options;
    private readonly string _directory;
    private GuestFunction? _only;
    private string? _onlySymbol;

    public Dumps(TranslateOptions options, GuestProgram discovered)
    {
        _options = options;
        _directory = options.DumpDirectory ?? ".";
        if (options.Dump != DumpKinds.None) Directory.CreateDirectory(_directory);
        if (options.DumpFunction != null && Find(discovered, options.DumpFunction) == null)
            throw new TranslationException($"--dump-function: no function '{options.DumpFunction}' in the input " +
                                           "(`xlate inspect` lists the functions found)");
    }

    /// <summary>Resolves --dump-function among the functions that will be translated.</summary>
    public void SelectFunction(GuestProgram program)
    {
        if (_options.DumpFunction == null) return;
        _only = Find(program, _options.DumpFunction) ?? throw new TranslationException(
            $"--dump-function: '{_options.DumpFunction}' is not reachable from the entry point, so it is not " +
            "translated (add --all-functions)");
        _onlySymbol = ProgramLifter.UnitName(program, _only.Entry);
    }

    private static GuestFunction? Find(GuestProgram program, string spec)
    {
        string hex = spec.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? spec[2..] : spec;
        if (ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong address)
            && program.Functions.TryGetValue(address, out var byAddress))
            return byAddress;
        return program.Functions.Values.FirstOrDefault(f => f.Name == spec);
    }

    private bool Wants(DumpKinds kind) => (_options.Dump & kind) != 0;

    public void WriteCfg(GuestProgram program)
    {
        if (!Wants(DumpKinds.Cfg)) return;
        using var writer = new StreamWriter(Path.Combine(_directory, _only == null ? "cfg.dot" : $"{_onlySymbol}.dot"));
        CfgDot.Write(_only == null ? program.Functions.Values : [_only], writer);
    }

    /// <summary>Code generation options for one module, with the dump hooks it needs.</summary>
    public CodegenOptions For(IReadOnlyList<GuestFunction> group, CodegenOptions codegen, string module)
    {
        if (_options.Dump == DumpKinds.None || (_only != null && !group.Contains(_only))) return codegen;
        Action<string, string>? Writer(DumpKinds kind, string suffix, Func<string, string, string?> cut) =>
            !Wants(kind) ? null : (_, text) =>
            {
                string? body = _only == null ? text : cut(text, _onlySymbol!);
                if (body != null) File.WriteAllText(Path.Combine(_directory, (_onlySymbol ?? module) + suffix), body);
            };
        return codegen with
        {
            DumpIr = Writer(DumpKinds.Ir, ".ll", IrFunction),
            DumpOptimizedIr = Writer(DumpKinds.Ir, ".opt.ll", IrFunction),
            DumpAssembly = Writer(DumpKinds.Asm, ".s", AsmFunction),
        };
    }

    /// <summary>The definition of one function in a module's textual IR.</summary>
    private static string? IrFunction(string module, string symbol)
    {
        var lines = module.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("define ") &&
                                                (l.Contains($"@{symbol}(") || l.Contains($"@\"{symbol}\"(")));
        if (start < 0) return null;
        int end = Array.FindIndex(lines, start, l => l == "}");
        return string.Join('\n', lines[start..(end + 1)]) + "\n";
    }

    /// <summary>One function's code in a module's assembly, from its directives to its .size line.</summary>
    private static string? AsmFunction(string module, string symbol)
    {
        var lines = module.Split('\n');
        int label = Array.FindIndex(lines, l => l == $"{symbol}:" || l == $"\"{symbol}\":");
        if (label < 0) return null;
        int start = label;
        while (start > 0 && lines[start - 1].StartsWith('\t') && !lines[start - 1].StartsWith("\t.size")) start--;
        int end = Array.FindIndex(lines, label, l => l.StartsWith("\t.size") && l.Contains(symbol));
        if (end < 0) end = lines.Length - 1;
        return string.Join('\n', lines[start..(end + 1)]) + "\n";
    }
}
