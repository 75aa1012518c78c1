using Translator.PeerSuites;

const string usage = "usage: peer-suites fex|box64 --src DIR [--out DIR] [--filter TEXT] [-j N] [--all-features]";
if (args.Length == 0 || args[0] is not ("fex" or "box64"))
{
    Console.Error.WriteLine(usage);
    return 2;
}
string? src = null, filter = null, outDir = Path.Combine("build", "peer-suites");
int jobs = 2;
bool allFeatures = false;
for (int i = 1; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    try
    {
        switch (args[i])
        {
            case "--src": src = Next(); break;
            case "--out": outDir = Next(); break;
            case "--filter": filter = Next(); break;
            case "-j": jobs = Math.Max(1, int.Parse(Next())); break;
            case "--all-features": allFeatures = true; break;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException)
    {
        Console.Error.WriteLine($"peer-suites: {ex.Message}\n{usage}");
        return 2;
    }
}
if (src == null || !Directory.Exists(src))
{
    Console.Error.WriteLine($"peer-suites: source directory {src ?? "(none)"} not found (--src)");
    return 2;
}
outDir = Path.GetFullPath(outDir);
try
{
    return args[0] == "fex"
        ? new FexSuite(Path.GetFullPath(src), outDir, jobs, filter, allFeatures).Run()
        : new Box64Suite(Path.GetFullPath(src), outDir, jobs, filter).Run();
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"peer-suites: {ex.Message}");
    return 1;
}
