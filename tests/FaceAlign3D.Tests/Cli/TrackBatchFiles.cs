using System.Text.Json.Nodes;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Pipeline.Batches;
using FaceAlign3D.Video;

namespace FaceAlign3D.Tests.Cli;

/// <summary>Short generated clips for track batches, and a batch's outputs in a form two runs can be compared in.</summary>
public static class TrackBatchFiles
{
    // summary.json records how long each stage took: the only bytes that differ between two uninterrupted runs.
    private static readonly string[] TimingKeys = ["stages", "tracking_frames_per_second", "wall_seconds", "wall_frames_per_second"];

    /// <summary>
    /// Writes clip0..clip{count-1} into <paramref name="folder"/>, a 200x200 window drifting over a sample photo: image
    /// folders, and the last an H.264 video (clip{count-1}.mp4). Returns their names, relative to the folder.
    /// </summary>
    public static List<string> WriteClips(string folder, int count, int frames)
    {
        var photo = FaceToolkit.LoadImage(SharedData.PathOf("data", "samples", "obama_small.jpg"));
        const int size = 200;
        var names = new List<string>();
        for (int clip = 0; clip < count; clip++)
        {
            var images = Enumerable.Range(0, frames).Select(f => Window(photo, size, (clip * 13 + f * 4) % (photo.Width - size), (clip * 7 + f * 2) % (photo.Height - size))).ToList();
            string name = $"clip{clip}";
            if (clip < count - 1)
            {
                Directory.CreateDirectory(Path.Combine(folder, name));
                for (int f = 0; f < frames; f++)
                    ImageEncoder.SavePng(images[f], Path.Combine(folder, name, $"frame{f}.png"));
            }
            else
            {
                name += ".mp4";
                Directory.CreateDirectory(folder);
                using var writer = FrameWriter.Create(Path.Combine(folder, name), size, size, 25);
                images.ForEach(writer.Write);
                writer.Close();
            }
            names.Add(name);
        }
        return names;
    }

    /// <summary>Every file a batch wrote outside its own state, by relative path; summary.json without its timings.</summary>
    public static Dictionary<string, byte[]> Outputs(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).StartsWith(BatchFolder.StateFolderName, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Path.GetFileName(f) == TrackRun.SummaryName ? WithoutTimings(f) : File.ReadAllBytes(f));

    private static byte[] WithoutTimings(string summary)
    {
        var json = JsonNode.Parse(File.ReadAllText(summary))!.AsObject();
        foreach (var key in TimingKeys)
            Assert.True(json.Remove(key), $"{summary}: no {key}");
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static Image Window(Image photo, int size, int dx, int dy)
    {
        var window = new Image(size, size, PixelFormat.Rgb8);
        for (int y = 0; y < size; y++)
            photo.Row(y + dy).Slice(3 * dx, 3 * size).CopyTo(window.Row(y));
        return window;
    }
}
