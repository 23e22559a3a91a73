using FaceAlign3D.Alignment;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Video;

namespace FaceAlign3D.Training.Data;

/// <summary>
/// Unlabeled faces from video (a file, or the videos directly inside a folder), for the teacher terms: every
/// <c>every</c>-th frame is decoded by <see cref="FrameReader"/>, its faces are found by the toolkit's default
/// detector and aligner, and each face's region box is 3DDFA_V2's policy from those landmarks, as for labelled
/// sets. The landmarks are not labels: all 68 points are unlabelled (NaN), so label terms ignore these faces.
/// Kept frames are written as PNG under <c>framesFolder</c> (the crops are cut from them like photos). Videos
/// that cannot be opened or decoded are skipped and named.
/// </summary>
public static class VideoFrameReader
{
    static readonly string[] VideoExtensions = [".mp4", ".mov", ".mkv", ".avi", ".webm", ".m4v"];

    /// <param name="path">A video file or a folder of them.</param>
    /// <param name="framesFolder">Where the kept frames are written, one folder per video.</param>
    /// <param name="every">Keep frames whose index is a multiple of it.</param>
    /// <param name="limit">Stop after this many faces (0: all).</param>
    /// <param name="cancellation">Stops decoding.</param>
    /// <exception cref="FileNotFoundException">the path is neither a file nor a folder.</exception>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not installed.</exception>
    public static DatasetScan Read(string path, string framesFolder, int every = 1, int limit = 0, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        string[] videos = File.Exists(path) ? [path]
            : Directory.Exists(path) ? [.. Directory.EnumerateFiles(path).Where(IsVideo).Order(StringComparer.Ordinal)]
            : throw new FileNotFoundException($"{path}: no such video file or folder");
        using var toolkit = FaceToolkit.Open(ModelStore.CreateDefault(), analyzers: 0);
        var faces = new List<FaceRecord>();
        var skipped = new List<DatasetIssue>();
        foreach (var video in videos)
        {
            if (limit > 0 && faces.Count >= limit) break;
            try
            {
                faces.AddRange(ReadVideo(toolkit, video, Path.Combine(framesFolder, Path.GetFileNameWithoutExtension(video)), every,
                    limit > 0 ? limit - faces.Count : int.MaxValue, cancellation));
            }
            catch (VideoException e) when (e is not FfmpegNotFoundException)
            {
                skipped.Add(new DatasetIssue(video, e.Message));
            }
        }
        return new DatasetScan(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), faces, skipped);
    }

    static bool IsVideo(string file) => VideoExtensions.Contains(Path.GetExtension(file).ToLowerInvariant());

    // The whole video or nothing: a decode error part-way drops its faces with it.
    static List<FaceRecord> ReadVideo(FaceToolkit toolkit, string video, string folder, int every, int limit, CancellationToken cancellation)
    {
        using var reader = FrameReader.Open(video);
        Directory.CreateDirectory(folder);
        string stem = Path.GetFileName(video);
        var faces = new List<FaceRecord>();
        foreach (var frame in reader.ReadFrames(cancellation))
        {
            if (frame.Index % every != 0) continue;
            var analysis = toolkit.Analyze(frame.Image, cancellation: cancellation);
            if (analysis.Faces.Count == 0) continue;
            string png = Path.Combine(folder, $"{frame.Index:D6}.png");
            ImageEncoder.SavePng(frame.Image, png);
            for (int k = 0; k < analysis.Faces.Count && faces.Count < limit; k++)
                faces.Add(new FaceRecord($"{stem}:{frame.Index}#{k}", png, TddfaRoi.FromLandmarks(analysis.Faces[k].Alignment.Landmarks2D),
                    Enumerable.Repeat(float.NaN, 2 * LandmarkLayout.Ibug68.Count).ToArray(), LandmarkLayout.Ibug68));
            if (faces.Count >= limit) break;
        }
        return faces;
    }
}
