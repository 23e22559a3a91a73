using System.Diagnostics;

namespace FaceAlign3D.Alignment;

/// <summary>Time one alignment spent in each stage, measured by the aligner itself.</summary>
public readonly record struct AlignStageTimes(TimeSpan Crop, TimeSpan Regress, TimeSpan Reconstruct)
{
    public TimeSpan Total => Crop + Regress + Reconstruct;

    public static AlignStageTimes operator +(AlignStageTimes a, AlignStageTimes b) =>
        new(a.Crop + b.Crop, a.Regress + b.Regress, a.Reconstruct + b.Reconstruct);

    /// <summary>Time since <paramref name="timestamp"/>, which moves to now (for timing consecutive stages).</summary>
    public static TimeSpan Lap(ref long timestamp)
    {
        long now = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(timestamp, now);
        timestamp = now;
        return elapsed;
    }
}
