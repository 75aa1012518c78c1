using Spectre.Console;

namespace Translator.Cli;

/// <summary>Progress bars on the terminal for long pipeline stages; nothing when stdout is not a terminal.</summary>
public static class ProgressDisplay
{
    public static bool Wanted(bool quiet) =>
        !quiet && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
        && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");

    /// <summary>Runs <paramref name="work"/> with a callback that shows (stage, done, total) as a bar per stage.</summary>
    public static T Run<T>(Func<Action<string, int, int>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = work((stage, done, total) =>
                {
                    lock (tasks)
                    {
                        if (!tasks.TryGetValue(stage, out var task))
                            tasks[stage] = task = context.AddTask(stage, maxValue: Math.Max(1, total));
                        task.MaxValue = Math.Max(1, total);
                        task.Value = done;
                    }
                });
            });
        return result;
    }
}
