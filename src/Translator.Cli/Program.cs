using System.CommandLine;
using Translator.Cli;

return Commands.Build().Parse(args).Invoke();
