using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Models;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Video;

namespace FaceAlign3D.Training.Tests.Data;

/// <summary>Unlabeled video frames: obama.mp4 (55 frames, one face) decoded by the project's frame reader.</summary>
public sealed class VideoFrameReaderTests : IDisposable
{
    static string Obama => SharedData.PathOf("data", "samples", "obama.mp4");

    readonly string _folder = Directory.CreateTempSubdirectory("facealign3d-video-reader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_nth_frame_is_written_with_its_faces_unlabelled_and_the_roi_from_the_default_aligner()
    {
        MachineTools.RequireFfmpeg();
        var scan = VideoFrameReader.Read(Obama, _folder, every: 24);
        Assert.Empty(scan.Skipped);
        Assert.Equal(["obama.mp4:0#0", "obama.mp4:24#0", "obama.mp4:48#0"], scan.Faces.Select(f => f.Id));

        using var reader = FrameReader.Open(Obama);
        var frame = reader.ReadFrames().First(f => f.Index == 24);
        var face = scan.Faces[1];
        Assert.Equal(Path.Combine(_folder, "obama", "000024.png"), face.ImagePath);
        Assert.Equal(frame.Image.Data, ImageDecoder.Load(face.ImagePath).Data);
        using var toolkit = FaceToolkit.Open(ModelStore.CreateDefault());
        var aligned = Assert.Single(toolkit.Analyze(frame.Image).Faces);
        Assert.Equal(TddfaRoi.FromLandmarks(aligned.Alignment.Landmarks2D), face.Roi);

        Assert.Equal(68, face.PointCount);
        Assert.All(face.Landmarks, v => Assert.True(float.IsNaN(v)));
        var example = TrainingCrop.Render(face, Augmentation.None, new Random(1));
        Assert.All(example.Visibility, v => Assert.Equal(0, v));
        Assert.Contains(example.Image, v => v != example.Image[0]);
    }

    [Fact]
    public void In_a_folder_a_video_that_cannot_be_decoded_is_skipped_and_named_and_other_files_are_ignored()
    {
        MachineTools.RequireFfmpeg();
        string videos = Path.Combine(_folder, "videos");
        Directory.CreateDirectory(videos);
        File.WriteAllText(Path.Combine(videos, "broken.mp4"), "not a video");
        File.WriteAllText(Path.Combine(videos, "notes.txt"), "ignored");
        File.Copy(Obama, Path.Combine(videos, "obama.mp4"));
        var scan = VideoFrameReader.Read(videos, Path.Combine(_folder, "frames"), every: 10, limit: 1);
        Assert.Equal("obama.mp4:0#0", Assert.Single(scan.Faces).Id);
        var skipped = Assert.Single(scan.Skipped);
        Assert.Equal(Path.Combine(videos, "broken.mp4"), skipped.Item);
        Assert.False(Directory.Exists(Path.Combine(_folder, "frames", "notes")));
    }

    [Fact]
    public void A_missing_path_is_an_error_naming_it()
    {
        string missing = Path.Combine(_folder, "nothing.mp4");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => VideoFrameReader.Read(missing, _folder)).Message);
    }
}
