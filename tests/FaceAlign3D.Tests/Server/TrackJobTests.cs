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

        using var unfitted = await Client.GetAsync($"/v1/jobs/{id}/mesh?track=0&frame=0");
        Assert.Equal(HttpStatusCode.BadRequest, unfitted.StatusCode);
    }

    private async Task<JsonElement> MeshAsync(string id, JsonElement face, bool triangles = false)
    {
        using var response = await Client.GetAsync($"/v1/jobs/{id}/mesh?track={face.GetProperty("track")}&frame={face.GetProperty("frame_in_track")}&triangles={triangles}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task A_fitted_job_serves_the_mesh_of_each_frame_turned_as_the_head()
    {
        using var started = await Client.PostAsync("/v1/track?fit=ict", Video(File.ReadAllBytes(SharedData.PathOf("data", "samples", "obama.mp4"))));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.Clone();
        string id = job.GetProperty("id").GetString()!;
        var faces = (await Client.GetStringAsync(job.GetProperty("results").GetString())).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => JsonDocument.Parse(l).RootElement.GetProperty("faces").EnumerateArray().Select(f => f.Clone()))
            .Where(f => f.TryGetProperty("fit", out _)).ToList();
        Assert.True(faces.Count > 10, $"{faces.Count} fitted faces");

        var first = await MeshAsync(id, faces[0], triangles: true);
        int vertices = first.GetProperty("tension").GetArrayLength();
        Assert.Equal(3 * vertices, first.GetProperty("vertices").GetArrayLength());
        var triangles = first.GetProperty("triangles").EnumerateArray().Select(t => t.GetInt32()).ToArray();
        Assert.Equal(0, triangles.Length % 3);
        Assert.Equal(vertices - 1, triangles.Max());
        Assert.False((await MeshAsync(id, faces[1])).TryGetProperty("triangles", out _));

        // The frame whose blendshapes differ most from the first's has a different shape and its own head rotation.
        static double[] Weights(JsonElement face) =>
            face.GetProperty("fit").GetProperty("blendshapes").EnumerateObject().Select(p => p.Value.GetDouble()).ToArray();
        var w0 = Weights(faces[0]);
        var far = faces.MaxBy(f => Weights(f).Zip(w0, (a, b) => Math.Abs(a - b)).Sum());
        var other = await MeshAsync(id, far);
        var v0 = first.GetProperty("vertices").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var v1 = other.GetProperty("vertices").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(v0.Zip(v1, (a, b) => Math.Abs(a - b)).Max() > 0.05, "another expression moves some vertices by more than 0.5 mm");
        foreach (var mesh in new[] { first, other })
        {
            var r = mesh.GetProperty("rotation").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                    Assert.Equal(i == j ? 1 : 0, r[3 * i] * r[3 * j] + r[3 * i + 1] * r[3 * j + 1] + r[3 * i + 2] * r[3 * j + 2], 4);
        }

        using var missing = await Client.GetAsync($"/v1/jobs/{id}/mesh?track=999&frame=0");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var beyond = await Client.GetAsync($"/v1/jobs/{id}/mesh?track={faces[0].GetProperty("track")}&frame=100000");
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
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
