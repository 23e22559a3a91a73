using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Tests.Pipeline;

namespace FaceAlign3D.Tests.Server;

/// <summary>The HTTP API of `facealign serve` on a running server: answers, their schemas and every refusal.</summary>
public sealed class ServerApiTests(TestServerFixture fixture) : IClassFixture<TestServerFixture>
{
    private static readonly string Photo = SharedData.PathOf("data", "samples", "obama_small.jpg");

    private HttpClient Client => fixture.Server.Client;

    private static ByteArrayContent Raw(byte[] bytes, string type = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static MultipartFormDataContent Form(string field, byte[] bytes, string fileName, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { file, field, fileName } };
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task<string> ErrorOf(HttpResponseMessage response) => (await Json(response)).GetProperty("error").GetString()!;

    [Fact]
    public async Task Align_answers_the_landmarks_the_library_computes()
    {
        using var response = await Client.PostAsync("/v1/align", Raw(File.ReadAllBytes(Photo)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        Assert.Equal("upload", json.GetProperty("image").GetString());
        Assert.Equal("tddfa", json.GetProperty("aligner").GetString());
        Assert.Equal("faceboxes", json.GetProperty("detector").GetString());

        using var handle = AnalyzerFactory.Create(AllModelsFolder.Store, new AnalyzerOptions());
        var image = PixelConversion.ToRgb8(ImageDecoder.Load(Photo, new DecodeOptions { ApplyExifOrientation = true }));
        var expected = handle.Analyzer.Analyze(image);
        var faces = json.GetProperty("faces");
        Assert.Equal(expected.Faces.Count, faces.GetArrayLength());
        Assert.True(expected.Faces.Count > 0);
        var landmarks = faces[0].GetProperty("landmarks68");
        var reference = FaceLandmarks68.Of(expected.Faces[0].Alignment);
        for (int k = 0; k < 68; k++)
        {
            Assert.Equal(reference[k].X, landmarks[k][0].GetDouble(), 0.01);
            Assert.Equal(reference[k].Y, landmarks[k][1].GetDouble(), 0.01);
        }
    }

    [Fact]
    public async Task Align_reads_the_multipart_field_and_honours_the_aligner()
    {
        using var response = await Client.PostAsync("/v1/align?aligner=mediapipe", Form("image", File.ReadAllBytes(Photo), "x.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        Assert.Equal("mediapipe", json.GetProperty("aligner").GetString());
        Assert.Equal("blazeface", json.GetProperty("detector").GetString());
        Assert.Equal(468, json.GetProperty("faces")[0].GetProperty("landmarks468").GetArrayLength());
    }

    [Fact]
    public async Task Fit_answers_one_fit_per_face_and_a_mesh_for_viewers()
    {
        using var response = await Client.PostAsync("/v1/fit?mesh=true", Raw(File.ReadAllBytes(Photo), "image/jpeg"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        int faces = json.GetProperty("align").GetProperty("faces").GetArrayLength();
        Assert.True(faces > 0);
        var fit = json.GetProperty("fits")[0];
        Assert.Equal("ict-facekit", fit.GetProperty("model").GetString());
        Assert.Equal(faces, json.GetProperty("fits").GetArrayLength());
        Assert.Equal(53, fit.GetProperty("expression").EnumerateObject().Count());
        Assert.True(fit.GetProperty("solver").GetProperty("rms_px").GetDouble() < 10);

        var mesh = json.GetProperty("meshes")[0];
        int vertices = mesh.GetProperty("vertices").GetArrayLength() / 3;
        Assert.Equal(vertices, mesh.GetProperty("tension").GetArrayLength());
        var triangles = json.GetProperty("triangles");
        Assert.Equal(0, triangles.GetArrayLength() % 3);
        Assert.All(triangles.EnumerateArray(), i => Assert.InRange(i.GetInt32(), 0, vertices - 1));
        Assert.All(mesh.GetProperty("tension").EnumerateArray(), t => Assert.InRange(t.GetDouble(), -1, 1));
    }

    [Fact]
    public async Task Align_with_fit_ict_chains_the_fit_without_meshes()
    {
        using var response = await Client.PostAsync("/v1/align?fit=ict", Raw(File.ReadAllBytes(Photo)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        Assert.True(json.GetProperty("fits").GetArrayLength() > 0);
        Assert.False(json.TryGetProperty("meshes", out _));
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("multipart")]
    public async Task A_non_image_is_refused_with_415_whatever_its_name_and_type(string how)
    {
        byte[] text = Encoding.UTF8.GetBytes("this is not a photo, although it is called photo.jpg");
        HttpContent content = how == "raw" ? Raw(text, "image/jpeg") : Form("image", text, "photo.jpg", "image/jpeg");
        using var response = await Client.PostAsync("/v1/align", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("not an image", await ErrorOf(response));
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("multipart")]
    public async Task An_upload_over_the_limit_is_refused_with_413(string how)
    {
        var big = new byte[TestServer.ImageLimit + 1];
        File.ReadAllBytes(Photo).CopyTo(big, 0);
        HttpContent content = how == "raw" ? Raw(big) : Form("image", big, "big.jpg", "image/jpeg");
        using var response = await Client.PostAsync("/v1/align", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"{TestServer.ImageLimit} bytes", await ErrorOf(response));
    }

    [Fact]
    public async Task An_upload_without_a_length_is_cut_off_at_the_limit()
    {
        var big = new byte[TestServer.ImageLimit * 2];
        File.ReadAllBytes(Photo).CopyTo(big, 0);
        var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/align") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    public static TheoryData<string, byte[]> HostileImages() => new()
    {
        // A PNG header announcing 100000 x 100000 pixels: refused from the header, before any allocation.
        { "dimensions", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0, 8, 2, 0, 0, 0, 0, 0, 0, 0] },
        // A JPEG cut off after its start-of-image marker.
        { "truncated", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46] },
    };

    [Theory]
    [MemberData(nameof(HostileImages))]
    public async Task A_hostile_image_is_refused_with_a_one_line_422_and_the_server_keeps_serving(string kind, byte[] bytes)
    {
        using var response = await Client.PostAsync("/v1/align", Raw(bytes));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        string error = await ErrorOf(response);
        Assert.False(string.IsNullOrWhiteSpace(error), kind);
        Assert.DoesNotContain('\n', error);
        using var next = await Client.PostAsync("/v1/align", Raw(File.ReadAllBytes(Photo)));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_full_queue_is_answered_429_and_frees_when_requests_end()
    {
        var pool = fixture.Server.State.Pool;
        var held = new List<IDisposable>();
        while (pool.Admitted < pool.Workers + pool.QueueLimit)
            held.Add(pool.Admit());
        try
        {
            using var refused = await Client.PostAsync("/v1/align", Raw(File.ReadAllBytes(Photo)));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("busy", await ErrorOf(refused));
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
        using var served = await Client.PostAsync("/v1/align", Raw(File.ReadAllBytes(Photo)));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Theory]
    [InlineData("/v1/align?aligner=nonsense", "unknown aligner")]
    [InlineData("/v1/align?detector=nonsense", "unknown detector")]
    [InlineData("/v1/align?fit=bfm", "unknown model")]
    public async Task Unknown_choices_are_refused_with_400(string url, string message)
    {
        using var response = await Client.PostAsync(url, Raw(File.ReadAllBytes(Photo)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await ErrorOf(response));
    }

    [Fact]
    public async Task A_multipart_form_without_the_image_field_is_refused_with_400()
    {
        using var response = await Client.PostAsync("/v1/align", Form("picture", File.ReadAllBytes(Photo), "x.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'image'", await ErrorOf(response));
    }

    [Fact]
    public async Task Models_lists_the_choices_and_what_is_installed()
    {
        var json = await Json(await Client.GetAsync("/v1/models"));
        Assert.Contains("mediapipe", json.GetProperty("aligners").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("ultralight", json.GetProperty("detectors").EnumerateArray().Select(a => a.GetString()));
        var models = json.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("installed").GetBoolean());
        Assert.True(models["ict-facekit"]);
        Assert.True(models["tddfa-mb05"]);
    }

    [Fact]
    public async Task Health_reports_the_pool()
    {
        using var response = await Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("workers").GetInt32());
    }

    [Fact]
    public async Task The_page_and_its_three_js_modules_are_served()
    {
        string page = await Client.GetStringAsync("/");
        Assert.Contains("<script type=\"module\" src=\"app.js\">", page);
        using var three = await Client.GetAsync("/vendor/three/three.module.js");
        Assert.Equal(HttpStatusCode.OK, three.StatusCode);
        using var controls = await Client.GetAsync("/vendor/three/OrbitControls.js");
        Assert.Equal(HttpStatusCode.OK, controls.StatusCode);
    }

    [Fact]
    public async Task CORS_is_off_by_default()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("Origin", "https://elsewhere.example");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_unknown_job_is_404()
    {
        using var response = await Client.GetAsync("/v1/jobs/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var results = await Client.GetAsync("/v1/jobs/..%2F..%2Fetc/results");
        Assert.Equal(HttpStatusCode.NotFound, results.StatusCode);
    }
}
