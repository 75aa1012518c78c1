using System.CommandLine;
using System.CommandLine.Parsing;
using Translator.Cli;

var parsed = Commands.Build().Parse(args);
if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
{
    foreach (var error in parsed.Errors)
    {
        string where = error.SymbolResult is OptionResult option ? option.Option.Name + ": " : "";
        string message = string.Join(" ", error.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        Console.Error.WriteLine("xlate: " + where + message);
    }
    Console.Error.WriteLine("xlate: try 'xlate --help'");
    return Commands.Usage;
}
return parsed.Invoke();
