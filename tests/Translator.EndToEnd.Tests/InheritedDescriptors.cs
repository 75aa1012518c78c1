using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Translator.EndToEnd.Tests;

/// <summary>
/// A CI harness or shell may start the tests with descriptors above 2 left open (seen: a pipe at 251). Every native
/// run would inherit them while the rig's runs start with 0-2 only, so a program probing a "bad" descriptor such as
/// 99 sees a different answer. At load, this assembly marks every descriptor it inherited close-on-exec, so each
/// program a test starts sees only stdin, stdout and stderr, as when started from a clean shell.
/// </summary>
internal static class InheritedDescriptors
{
    private const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);

    [ModuleInitializer]
    internal static void CloseOnExec()
    {
        if (!OperatingSystem.IsLinux())
            return;
        foreach (var entry in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var fd) || fd <= 2)
                continue;
            var flags = fcntl(fd, F_GETFD, 0);
            if (flags >= 0 && (flags & FD_CLOEXEC) == 0)
                fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
        }
    }
}
