using System.Diagnostics;

namespace FaceAlign3D.Video;

/// <summary>Finds the ffmpeg and ffprobe programs and starts them with argument lists (no shell).</summary>
internal static class FfmpegTools
{
    /// <summary>The ffmpeg program, from <paramref name="directories"/> when given, else the default search.</summary>
    public static string Ffmpeg(IReadOnlyList<string>? directories = null) => Locate("ffmpeg", directories);

    /// <summary>The ffprobe program, from <paramref name="directories"/> when given, else the default search.</summary>
    public static string Ffprobe(IReadOnlyList<string>? directories = null) => Locate("ffprobe", directories);

    private static string Locate(string program, IReadOnlyList<string>? directories)
    {
        if (directories is not null)
            return Locate(program, (IEnumerable<string>)directories);
        var dirs = new List<string>();
        var own = Environment.GetEnvironmentVariable("FACEALIGN3D_FFMPEG_DIR");
        if (!string.IsNullOrEmpty(own))
            dirs.Add(own);
        dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return Locate(program, dirs);
    }

    internal static string Locate(string program, IEnumerable<string> directories)
    {
        string exe = OperatingSystem.IsWindows() ? program + ".exe" : program;
        foreach (var dir in directories)
        {
            var candidate = Path.Combine(dir, exe);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FfmpegNotFoundException(program);
    }

    public static Process Start(string program, IEnumerable<string> arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new VideoException($"could not start {program}");
    }

    /// <summary>Runs a program to completion and returns its standard output; throws with its stderr on failure.</summary>
    public static string Run(string program, IEnumerable<string> arguments, string subject)
    {
        using var p = Start(program, arguments, redirectInput: false);
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new VideoException($"{subject}: {Path.GetFileName(program)} failed: {FirstLine(stderr.Result)}");
        return stdout;
    }

    public static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "no message" : line;
    }
}
