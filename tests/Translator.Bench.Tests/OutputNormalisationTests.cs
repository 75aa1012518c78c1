using Translator.Bench;
using Xunit;

namespace Translator.Bench.Tests;

/// <summary>Workload.NormaliseStdout: what the bench compares between a run and the reference run.</summary>
public class OutputNormalisationTests
{
    private static Workload Sqlite => Workloads.Select("sqlite").Single();

    // Lines as printed by a native speedtest1 --verify run (x86-64 build, --size 5).
    private const string SpeedtestRun =
        " 100 - 2500 INSERTs into table with no index.......................    0.000s\n" +
        " 142 - 10 SELECTS w/ORDER BY, unindexed............................    0.024s\n" +
        "       TOTAL.......................................................    0.167s\n" +
        "Verification Hash: 826556 2ef302098d252181c4cb98b84a8a332a8e98506910393697\n";

    [Fact]
    public void SqliteTimingsAreRemovedAndEverythingElseKept()
    {
        Assert.Equal(
            " 100 - 2500 INSERTs into table with no index.......................\n" +
            " 142 - 10 SELECTS w/ORDER BY, unindexed............................\n" +
            "       TOTAL.......................................................\n" +
            "Verification Hash: 826556 2ef302098d252181c4cb98b84a8a332a8e98506910393697\n",
            Sqlite.NormaliseStdout(SpeedtestRun));
    }

    [Fact]
    public void RunsDifferingOnlyInTimingsCompareEqualButDifferentHashesDoNot()
    {
        string slower = SpeedtestRun.Replace("0.024s", "12.345s").Replace("0.167s", "13.002s");
        Assert.Equal(Sqlite.NormaliseStdout(SpeedtestRun), Sqlite.NormaliseStdout(slower));
        string wrong = SpeedtestRun.Replace("826556", "826557");
        Assert.NotEqual(Sqlite.NormaliseStdout(SpeedtestRun), Sqlite.NormaliseStdout(wrong));
        // A number ending in 's' that is not the trailing timing column stays.
        Assert.Equal("rows 0.500s left\n", Sqlite.NormaliseStdout("rows 0.500s left\n"));
    }

    [Fact]
    public void WorkloadsWithoutVaryingOutputCompareStdoutVerbatim()
    {
        var zlib = Workloads.Select("zlib").Single();
        Assert.Null(zlib.VaryingOutput);
        Assert.Equal("input 393216 crc 0.100s\n", zlib.NormaliseStdout("input 393216 crc 0.100s\n"));
    }
}
