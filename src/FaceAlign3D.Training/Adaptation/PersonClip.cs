using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Geometry;
using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tracking;
using FaceAlign3D.Tracking.Filters;
using FaceAlign3D.Video;

namespace FaceAlign3D.Training.Adaptation;

/// <summary>One frame of the person's track: the regressor's 120x120 input, its crop region and the tracker's landmarks (pixels).</summary>
public sealed record PersonFrame(int Index, float[] Crop, BoundingBox Roi, Point2[] Landmarks);

/// <summary>
/// The frames of one person in an unlabeled video: the input is tracked (unsmoothed, with the regressor being
/// adapted), and the longest track is kept with each frame's crop as the aligner cut it.
/// </summary>
public sealed class PersonClip
{
    /// <summary>Frames read at most (crops of every track are kept in memory while reading: about 170 KB a face).</summary>
    public const int MaxFrames = 3000;

    PersonClip(IReadOnlyList<PersonFrame> frames, int trackId, int framesRead, int tracks)
    {
        Frames = frames;
        TrackId = trackId;
        FramesRead = framesRead;
        Tracks = tracks;
    }

    /// <summary>The kept track's frames in order (gaps where the face was lost).</summary>
    public IReadOnlyList<PersonFrame> Frames { get; }

    public int TrackId { get; }
    public int FramesRead { get; }
    public int Tracks { get; }

    /// <summary>Tracks a video file or an image folder with <paramref name="regressor"/> as the tddfa aligner.</summary>
    /// <exception cref="ArgumentException">no face was tracked in two consecutive frames.</exception>
    public static PersonClip Read(string input, string regressor, CancellationToken cancellation = default)
    {
        using IFrameSource source = Directory.Exists(input) ? ImageFolderSource.Open(input) : FrameReader.Open(input);
        using var toolkit = FaceToolkit.Open(ModelStore.CreateDefault(), new AnalyzerOptions { TddfaRegressorPath = regressor }, analyzers: 0);
        var tracks = new Dictionary<int, List<PersonFrame>>();
        int read = 0;
        var options = new FaceTrackerOptions { Smoothing = new SmoothingOptions { Method = SmoothingMethod.None } };
        toolkit.TrackFrames(source.ReadFrames(cancellation).Take(MaxFrames), options, (frame, tracked) =>
        {
            read++;
            foreach (var face in tracked.Faces)
            {
                var roi = face.Raw.RoiBox;
                var crop = ImagePreprocess.CropResizeToTensor(frame.Image, TddfaRoi.CropRectangle(roi), TddfaReconstruction.InputSize, TddfaReconstruction.InputSize, TensorOptions.Tddfa);
                var points = face.Raw.Landmarks2D.Select(p => new Point2(p.X, p.Y)).ToArray();
                if (!tracks.TryGetValue(face.TrackId, out var list)) tracks[face.TrackId] = list = [];
                list.Add(new PersonFrame(frame.Index, crop, roi, points));
            }
        });
        var longest = tracks.OrderByDescending(t => t.Value.Count).ThenBy(t => t.Key).FirstOrDefault();
        if (longest.Value is null || !longest.Value.Zip(longest.Value.Skip(1)).Any(p => p.Second.Index == p.First.Index + 1))
            throw new ArgumentException($"{input}: no face was tracked in two consecutive frames ({read} frames read)");
        return new PersonClip(longest.Value, longest.Key, read, tracks.Count);
    }
}
