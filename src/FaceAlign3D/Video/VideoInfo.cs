using System.Globalization;
using System.Text.Json;

namespace FaceAlign3D.Video;

/// <summary>What ffprobe reports of a video's first video stream.</summary>
/// <param name="Width">Displayed width in pixels, after the rotation metadata is applied.</param>
/// <param name="Height">Displayed height in pixels, after the rotation metadata is applied.</param>
/// <param name="FrameRate">Average frames per second.</param>
/// <param name="FrameCount">Frames the container declares, or null when it does not say.</param>
/// <param name="Duration">Stream duration in seconds, or null when unknown.</param>
/// <param name="Rotation">Clockwise display rotation in degrees (0, 90, 180, 270).</param>
public sealed record VideoInfo(int Width, int Height, double FrameRate, int? FrameCount, double? Duration, int Rotation)
{
    /// <summary>Probes a video file with ffprobe (found in <paramref name="ffmpegDirectories"/> when given).</summary>
    public static VideoInfo Probe(string path, IReadOnlyList<string>? ffmpegDirectories = null)
    {
        if (!File.Exists(path))
            throw new VideoException($"{path}: file not found");
        string json = FfmpegTools.Run(FfmpegTools.Ffprobe(ffmpegDirectories),
            ["-v", "error", "-select_streams", "v:0", "-show_streams", "-of", "json", path], path);
        try
        {
            return Parse(json);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new VideoException($"{path}: unreadable ffprobe answer ({e.Message})", e);
        }
        catch (VideoException e)
        {
            throw new VideoException($"{path}: {e.Message}", e);
        }
    }

    internal static VideoInfo Parse(string ffprobeJson)
    {
        using var doc = JsonDocument.Parse(ffprobeJson);
        var streams = doc.RootElement.GetProperty("streams");
        if (streams.GetArrayLength() == 0)
            throw new VideoException("no video stream");
        var s = streams[0];
        int width = s.GetProperty("width").GetInt32();
        int height = s.GetProperty("height").GetInt32();
        double fps = Rational(s, "avg_frame_rate") ?? Rational(s, "r_frame_rate") ?? 0;
        int? count = s.TryGetProperty("nb_frames", out var nb) && int.TryParse(nb.GetString(), out int n) ? n : null;
        double? duration = s.TryGetProperty("duration", out var d) && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double dur) ? dur : null;
        int rotation = NormaliseRotation(ReadRotation(s));
        if (rotation is 90 or 270)
            (width, height) = (height, width);
        if (width <= 0 || height <= 0)
            throw new VideoException($"invalid frame size {width}x{height}");
        // A frame travels as one RGB8 buffer; refuse sizes no array can hold before FrameReader allocates it.
        if (3.0 * width * height > Array.MaxLength)
            throw new VideoException($"frame size {width}x{height} is too large");
        return new VideoInfo(width, height, fps, count, duration, rotation);
    }

    private static double? Rational(JsonElement s, string key)
    {
        if (!s.TryGetProperty(key, out var v) || v.GetString() is not { } text)
            return null;
        var parts = text.Split('/');
        if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out double num)
            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out double den) && den > 0 && num > 0)
            return num / den;
        return null;
    }

    // Display matrices store counter-clockwise rotation; the legacy "rotate" tag is clockwise.
    private static int ReadRotation(JsonElement s)
    {
        if (s.TryGetProperty("side_data_list", out var list))
            foreach (var item in list.EnumerateArray())
                if (item.TryGetProperty("rotation", out var r) && r.TryGetDouble(out double ccw))
                    return -(int)Math.Round(ccw);
        if (s.TryGetProperty("tags", out var tags) && tags.TryGetProperty("rotate", out var rot)
            && int.TryParse(rot.GetString(), out int cw))
            return cw;
        return 0;
    }

    private static int NormaliseRotation(int degrees) => ((degrees % 360) + 360) % 360;
}
