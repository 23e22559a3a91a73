using System.Diagnostics;
using System.Runtime;

namespace FaceAlign3D.Cli;

/// <summary>
/// Where a run's start-up time goes, for bench/startup.sh: with FACEALIGN3D_STARTUP_REPORT=1 one JSON line on
/// the error writer at exit with the time from process start to Main, to exit, and the JIT's compile time and
/// method count (both zero under Native AOT).
/// </summary>
internal static class StartupReport
{
    public const string Variable = "FACEALIGN3D_STARTUP_REPORT";

    private static double _mainMs;

    public static void MarkMain() => _mainMs = SinceProcessStart();

    public static bool Requested => Environment.GetEnvironmentVariable(Variable) == "1";

    public static void Write(TextWriter error) =>
        error.WriteLine(FormattableString.Invariant(
            $"{{\"main_ms\": {_mainMs:F1}, \"exit_ms\": {SinceProcessStart():F1}, \"jit_ms\": {JitInfo.GetCompilationTime().TotalMilliseconds:F1}, \"jit_methods\": {JitInfo.GetCompiledMethodCount()}}}"));

    private static double SinceProcessStart()
    {
        using var self = Process.GetCurrentProcess();
        return (DateTime.Now - self.StartTime).TotalMilliseconds;
    }
}
