namespace Translator.Bench;

/// <summary>Which build of a workload a column executes.</summary>
public enum GuestBuild { Arm64, X64, I386 }

/// <summary>How a column runs its build.</summary>
public enum ColumnKind
{
    /// <summary>The AArch64 binary itself (native build or our translation).</summary>
    Direct,
    /// <summary>An AArch64 emulator binary (QEMU's x86 user mode, Box64) running the x86 build.</summary>
    Emulator,
    /// <summary>A column with no runner yet; every cell shows the column's note.</summary>
    Placeholder,
}

/// <summary>A column of the report. Translated columns run BIN/name.build.arm64 (our output).</summary>
public sealed record BenchColumn(string Id, string Title, GuestBuild Build, ColumnKind Kind, bool Translated = false,
    string[]? EmulatorArguments = null)
{
    public static readonly BenchColumn Native = new("native", "native arm64", GuestBuild.Arm64, ColumnKind.Direct);
    public static readonly BenchColumn X64Aot = new("x64-aot", "x86-64 AOT", GuestBuild.X64, ColumnKind.Direct, Translated: true);
    public static readonly BenchColumn I386Aot = new("i386-aot", "i386 AOT", GuestBuild.I386, ColumnKind.Direct, Translated: true);
    public static readonly BenchColumn XlateJit = new("xlate-jit", "xlate JIT", GuestBuild.X64, ColumnKind.Placeholder);
    public static readonly BenchColumn QemuX64 = new("qemu-x86_64", "qemu-x86_64", GuestBuild.X64, ColumnKind.Emulator);
    // Nested under qemu-aarch64, qemu-i386 cannot reserve its 4 GiB guest space at address 0x1000; an explicit
    // guest base above 4 GiB works.
    public static readonly BenchColumn QemuI386 = new("qemu-i386", "qemu-i386", GuestBuild.I386, ColumnKind.Emulator,
        EmulatorArguments: ["-B", "0x100000000"]);
    public static readonly BenchColumn Box64 = new("box64", "box64", GuestBuild.X64, ColumnKind.Emulator);

    public static readonly IReadOnlyList<BenchColumn> All = [Native, X64Aot, I386Aot, XlateJit, QemuX64, QemuI386, Box64];

    public static string Suffix(GuestBuild b) => b switch { GuestBuild.X64 => "x64", GuestBuild.I386 => "i386", _ => "arm64" };
}
