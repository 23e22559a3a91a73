using System.Collections.Concurrent;
using FaceAlign3D.Models;

namespace FaceAlign3D.Tests;

/// <summary>
/// The programs some tests need beyond the .NET SDK (ffmpeg for video, chromium for the serve page): on first use a
/// missing one is installed by scripts/install-tools.sh (apt as root), once per test run, so README's test command
/// works on a fresh machine.
/// </summary>
public static class MachineTools
{
    private static readonly ConcurrentDictionary<string, Lazy<bool>> Ensured = new();

    public static void RequireFfmpeg() => Require("ffmpeg");

    /// <summary>Debian's chromium, which the serve page's browser tests drive.</summary>
    public static void RequireChromium() => Require("chromium");

    private static void Require(string tool) =>
        _ = Ensured.GetOrAdd(tool, t => new Lazy<bool>(() => Install(t))).Value;

    private static bool Install(string tool)
    {
        string root = ModelStore.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("repository root not found (scripts/install-tools.sh)");
        var result = ExternalProcess.Run("bash", [Path.Combine(root, "scripts", "install-tools.sh"), tool]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"scripts/install-tools.sh {tool} failed: {result.Error.Trim()}");
        return true;
    }
}
