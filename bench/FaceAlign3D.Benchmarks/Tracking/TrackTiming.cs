using System.Diagnostics;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tracking;
using FaceAlign3D.Video;

namespace FaceAlign3D.Benchmarks.Tracking;

/// <summary>
/// The tracker's per-frame cost with decoding out of the picture: the clip's frames are decoded into memory first,
/// then tracked <c>passes</c> times in a row on this thread (one network thread, detection on the first frame, the
/// local check every 5 frames). Prints frames/s on the wall clock and on the thread's CPU time, the bytes allocated
/// per frame and the garbage collections per generation. Run: dotnet run -c Release -- track-timing [passes] [clip]
/// </summary>
internal static class TrackTiming
{
    public static void Run(string[] args)
    {
        int passes = args.Length > 0 && int.TryParse(args[0], out int p) ? p : 5;
        string clip = args.Length > 1 ? args[1] : Path.Combine(SharedData.Root(), "data", "samples", "obama.mp4");
        using var reader = FrameReader.Open(clip);
        // The reader reuses its frame buffers: keep a copy of each.
        var frames = reader.ReadFrames().Select(f => f with { Image = f.Image.Clone() }).ToList();
        double duration = frames[^1].Time + 1 / 30.0;
        var looped = Enumerable.Range(0, passes).SelectMany(pass => frames.Select(f => f with { Index = pass * frames.Count + f.Index, Time = pass * duration + f.Time }));
        var store = new ModelStore([Path.Combine(SharedData.Root(), "models"), .. ModelStore.CreateDefault().SearchFolders]);
        using var toolkit = FaceToolkit.Open(store, new AnalyzerOptions());
        var options = new FaceTrackerOptions { DetectEvery = 0 };
        // One warm-up pass (JIT, session planning), then the timed ones.
        toolkit.TrackFrames(frames, options, (_, _) => { });
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        double cpu = ThreadCpuTime.Milliseconds();
        long start = Stopwatch.GetTimestamp();
        int count = 0, faces = 0;
        toolkit.TrackFrames(looped, options, (_, tracked) => { count++; faces += tracked.Faces.Count; });
        double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        cpu = ThreadCpuTime.Milliseconds() - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"{Path.GetFileName(clip)} x{passes}: {count} frames, {faces} faces; {count * 1000 / wall:F1} frames/s wall, " +
            $"{count * 1000 / cpu:F1} frames/s thread CPU; {allocated / count} B allocated per frame; GCs gen0/1/2 " +
            $"{GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]}; " +
            $"load {Neural.EnginePeerRatio.LoadAverage()}");
    }
}
