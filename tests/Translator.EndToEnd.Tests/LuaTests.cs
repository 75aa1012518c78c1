namespace Translator.EndToEnd.Tests;

/// <summary>A real-world program: the Lua 5.4 interpreter running corpus/lua/bench.lua.</summary>
public class LuaTests
{
    [Theory]
    [InlineData("i386")]
    [InlineData("x64")]
    public void Lua(string arch)
    {
        var lua = TestArtifacts.LuaBinary(arch);
        var script = Path.Combine(RepoPaths.Corpus, "lua", "bench.lua");
        string[] args = [script];

        var native = TestArtifacts.RunGuest(lua, underQemu: false, args, []);
        Assert.Equal(0, native.ExitCode);
        Assert.Contains("done", native.StdoutText);

        var aarch64 = TestArtifacts.Translate(lua, $"lua.{arch}");
        var translated = TestArtifacts.RunGuest(aarch64, underQemu: true, args, []);

        OutputAssert.SameBehaviour(native, translated, $"lua.{arch} bench.lua");
    }
}
