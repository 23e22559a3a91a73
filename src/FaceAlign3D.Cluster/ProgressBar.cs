using System.Globalization;

namespace FaceAlign3D.Cluster;

/// <summary>A job's progress as one line: [#####-----] done/total, failed, leased.</summary>
public static class ProgressBar
{
    public const int Width = 30;

    public static string Line(JobProgress p)
    {
        int finished = p.Done + p.Failed;
        int filled = p.Total == 0 ? 0 : (int)((long)Width * finished / p.Total);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', Width - filled)}] {finished}/{p.Total} {(p.Videos ? "videos" : "images")} ({p.Done} {(p.Videos ? "tracked" : "aligned")}, {p.Failed} failed, {p.Leased} in progress)");
    }
}
