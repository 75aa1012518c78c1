namespace Translator.Lifting.Tests;

/// <summary>
/// All differential cases of one architecture go into one binary: starting a translated program under qemu costs
/// seconds here, so each architecture is built, translated and run once and the tests check their own groups.
/// Add a group here and a [Fact] that calls <see cref="Assert"/>.
/// </summary>
public static class Suite
{
    public static IEnumerable<(string Group, Case[] Cases)> Groups(Arch arch)
    {
        yield return ("shifts", ShiftTests.ShiftCases(arch).ToArray());
        yield return ("double shifts", ShiftTests.DoubleShiftCases(arch).ToArray());
        yield return ("bmi shifts", ShiftTests.BmiShiftCases(arch).ToArray());
        yield return ("bit tests", BitTests.BitTestCases(arch).ToArray());
        yield return ("bit scans", BitTests.ScanCases(arch).ToArray());
        yield return ("bmi", BitTests.BmiCases(arch).ToArray());
        yield return ("strings", StringTests.StringCases(arch).ToArray());
        yield return ("arithmetic", ExistingHandlerTests.ArithmeticCases(arch).ToArray());
        yield return ("logic and moves", ExistingHandlerTests.LogicCases(arch).ToArray());
        yield return ("lock", LockTests.LockCases(arch).ToArray());
        yield return ("control flow", GeneralPurposeTests.ControlFlowCases(arch).ToArray());
        yield return ("flags and moves", GeneralPurposeTests.FlagAndMoveCases(arch).ToArray());
        yield return ("i386 only", GeneralPurposeTests.I386OnlyCases(arch).ToArray());
        yield return ("system", GeneralPurposeTests.SystemCases(arch).ToArray());
    }

    private static readonly SuiteRun Results = new(Groups);

    public static void Assert(Arch arch, string group) => Results.Assert(arch, group);
}

/// <summary>Runs every group of a suite once per guest (on first use; one harness binary per guest) and reports the
/// problems of one group.</summary>
public sealed class SuiteRun(Func<Arch, IEnumerable<(string Group, Case[] Cases)>> groups)
{
    private readonly Lazy<Dictionary<string, List<string>>> _x64 = new(() => InstructionHarness.Run(Arch.X64, groups(Arch.X64).ToList()));
    private readonly Lazy<Dictionary<string, List<string>>> _i386 = new(() => InstructionHarness.Run(Arch.I386, groups(Arch.I386).ToList()));

    public void Assert(Arch arch, string group)
    {
        var problems = (arch == Arch.X64 ? _x64 : _i386).Value[group];
        if (problems.Count > 0)
            throw new Xunit.Sdk.XunitException($"{arch} {group}: {problems.Count} problems\n" + string.Join("\n", problems.Take(40)));
    }
}
