using FaceAlign3D.Video;

namespace FaceAlign3D.Tests.Video;

public class VideoInfoParseTests
{
    private static string Probe(string stream) => $$"""{"streams": [{{{stream}}}]}""";

    [Fact]
    public void Reads_size_rate_and_rotation()
    {
        var info = VideoInfo.Parse(Probe("""
            "width": 640, "height": 480, "avg_frame_rate": "30000/1001", "nb_frames": "12",
            "side_data_list": [{"rotation": -90}]
            """));
        Assert.Equal((480, 640, 90), (info.Width, info.Height, info.Rotation));
        Assert.Equal(30000.0 / 1001, info.FrameRate, 12);
        Assert.Equal(12, info.FrameCount);
    }

    [Fact]
    public void A_frame_too_large_for_one_buffer_is_a_video_error_not_an_overflow()
    {
        var e = Assert.Throws<VideoException>(() => VideoInfo.Parse(Probe("\"width\": 2000000000, \"height\": 2000000000")));
        Assert.Contains("too large", e.Message);
    }

    [Fact]
    public void No_video_stream_is_a_video_error()
    {
        Assert.Throws<VideoException>(() => VideoInfo.Parse("""{"streams": []}"""));
    }
}
