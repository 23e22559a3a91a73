using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FaceAlign3D.Tests.Server;

/// <summary>POST /v1/track as a job: progress on GET /v1/jobs/{id}, frames as JSON lines, refusals of non-videos.</summary>
public sealed class TrackJobTests(TestServerFixture fixture) : IClassFixture<TestServerFixture>
{
    private HttpClient Client => fixture.Server.Client;

    private static MultipartFormDataContent Video(byte[] bytes) =>
        new() { { new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("video/mp4") } }, "video", "clip.mp4" } };

    [Fact]
    public async Task A_video_is_tracked_as_a_job_and_its_frames_stream_as_json_lines()
    {
        using var started = await Client.PostAsync("/v1/track", Video(File.ReadAllBytes(SharedData.PathOf("data", "samples", "obama.mp4"))));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.Clone();
        string id = job.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/jobs/{id}", started.Headers.Location?.OriginalString);

        // The results stream while the job runs and end when it is done.
        string lines = await Client.GetStringAsync(job.GetProperty("results").GetString());
        var status = JsonDocument.Parse(await Client.GetStringAsync($"/v1/jobs/{id}")).RootElement;
        Assert.Equal("done", status.GetProperty("state").GetString());
        int frames = status.GetProperty("framesDone").GetInt32();
        Assert.Equal(status.GetProperty("framesTotal").GetInt32(), frames);

        var parsed = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(frames, parsed.Count);
        Assert.Equal(Enumerable.Range(0, frames), parsed.Select(p => p.GetProperty("frame").GetInt32()));
        Assert.True(parsed.Count(p => p.GetProperty("faces").GetArrayLength() > 0) > frames / 2);
        Assert.Equal(68, parsed.First(p => p.GetProperty("faces").GetArrayLength() > 0).GetProperty("faces")[0].GetProperty("landmarks68").GetArrayLength());
    }

    [Fact]
    public async Task A_non_video_is_refused_with_422_without_naming_server_paths()
    {
        int admitted = fixture.Server.State.Pool.Admitted;
        using var response = await Client.PostAsync("/v1/track", Video(Encoding.UTF8.GetBytes("not a video at all")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        string error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("upload", error);
        Assert.DoesNotContain(Path.GetTempPath(), error);
        Assert.True(fixture.Server.State.Pool.Admitted <= admitted, "a refused upload must not keep its place in the pool");
    }
}
