using System.Text.Json;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using Microsoft.Playwright;

namespace FaceAlign3D.Tests.Server;

/// <summary>A server and Debian's headless chromium driven by Playwright (scripts/setup.sh installs the browser).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs chromium; Playwright cannot download its own browsers here.</summary>
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>When set, the tests also save their screenshots in this folder (docs/serve.md shows them).</summary>
    public const string ScreenshotVariable = "FACEALIGN3D_SERVE_SCREENSHOTS";

    private IPlaywright? _playwright;

    public TestServer Server { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        MachineTools.RequireChromium();
        Server = await TestServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root cannot use chromium's sandbox; SwiftShader gives WebGL without a GPU.
            Args = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
        });
    }

    public async Task<IPage> OpenAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // Generous: a loaded 2-core machine tracks the sample video in tens of seconds.
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(Server.Address.ToString());
        await page.WaitForSelectorAsync("body[data-state=idle]");
        return page;
    }

    public static async Task SaveForDocsAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>The page at / in a real browser: upload, overlay, 3D viewer, orbit, errors, video.</summary>
public sealed class ServePageBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string Photo = SharedData.PathOf("data", "samples", "JianzhuGuo.jpg");

    private static async Task UploadAsync(IPage page, string path)
    {
        await page.Locator("#file").SetInputFilesAsync(path);
        await page.WaitForSelectorAsync("body[data-state=done], body[data-state=error]");
        Assert.True(await page.Locator("body[data-state=done]").CountAsync() == 1, await page.Locator("#status").InnerTextAsync());
    }

    /// <summary>Pixels of a PNG screenshot that differ from <paramref name="other"/> (or from the first pixel) by more than a small tolerance.</summary>
    private static int DifferentPixels(byte[] png, byte[]? other = null)
    {
        var a = PixelConversion.ToRgb8(ImageDecoder.Decode(png, "screenshot"));
        var b = other is null ? null : PixelConversion.ToRgb8(ImageDecoder.Decode(other, "screenshot"));
        var pa = a.Data.AsSpan();
        int count = 0;
        for (int i = 0; i < a.Width * a.Height; i++)
        {
            var reference = b is null ? pa[..3] : b.Data.AsSpan(3 * i, 3);
            int d = Math.Abs(pa[3 * i] - reference[0]) + Math.Abs(pa[3 * i + 1] - reference[1]) + Math.Abs(pa[3 * i + 2] - reference[2]);
            count += d > 24 ? 1 : 0;
        }
        return count;
    }

    private static async Task<int[]> PixelAsync(IPage page, double x, double y) =>
        await page.EvaluateAsync<int[]>("([x, y]) => Array.from(document.getElementById('photo').getContext('2d').getImageData(x, y, 1, 1).data)",
            new[] { x, y });

    [Fact]
    public async Task A_photo_shows_its_landmarks_and_a_rendered_mesh_that_orbits()
    {
        var page = await fixture.OpenAsync();
        await UploadAsync(page, Photo);

        // The landmarks the API gives for this photo are green dots on the page's photo canvas.
        var content = new ByteArrayContent(File.ReadAllBytes(Photo));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        var align = JsonDocument.Parse(await (await fixture.Server.Client.PostAsync("/v1/align", content)).Content.ReadAsStringAsync()).RootElement;
        int green = 0;
        foreach (var point in align.GetProperty("faces")[0].GetProperty("landmarks68").EnumerateArray())
        {
            var rgba = await PixelAsync(page, Math.Round(point[0].GetDouble()), Math.Round(point[1].GetDouble()));
            green += rgba[1] > 180 && rgba[0] < 90 && rgba[2] < 170 ? 1 : 0;
        }
        Assert.True(green >= 60, $"{green} of 68 landmarks are drawn where the API puts them");
        var corner = await PixelAsync(page, 2, 2);
        Assert.False(corner[1] > 180 && corner[0] < 90, "the photo itself is drawn under the landmarks");

        var viewer = page.Locator("#viewer canvas");
        byte[] before = await viewer.ScreenshotAsync();
        var shot = PixelConversion.ToRgb8(ImageDecoder.Decode(before, "viewer"));
        Assert.True(DifferentPixels(before) > shot.Width * shot.Height / 20, "the mesh covers part of the 3D canvas");
        Assert.True(await page.Locator("#bars .bar").CountAsync() == 53, "one bar per ICT blendshape");
        await BrowserFixture.SaveForDocsAsync(page, "serve-photo.png");

        var box = (await viewer.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width / 2 + 160, box.Y + box.Height / 2 + 20, new MouseMoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
        byte[] after = await viewer.ScreenshotAsync();
        Assert.True(DifferentPixels(after, before) > shot.Width * shot.Height / 50, "orbiting changes the view");
        await BrowserFixture.SaveForDocsAsync(page, "serve-orbit.png");
    }

    [Fact]
    public async Task A_non_image_shows_an_error_and_the_page_keeps_working()
    {
        var page = await fixture.OpenAsync();
        await page.Locator("#file").SetInputFilesAsync(new FilePayload
        {
            Name = "holiday.jpg",
            MimeType = "image/jpeg",
            Buffer = "certainly not a JPEG"u8.ToArray(),
        });
        await page.WaitForSelectorAsync("body[data-state=error]");
        string error = await page.Locator("#error").InnerTextAsync();
        Assert.Contains("415", error);
        Assert.True(await page.Locator("#error").IsVisibleAsync());
        await BrowserFixture.SaveForDocsAsync(page, "serve-error.png");

        await UploadAsync(page, Photo);
        Assert.False(await page.Locator("#error").IsVisibleAsync());
        Assert.True(DifferentPixels(await page.Locator("#viewer canvas").ScreenshotAsync()) > 1000);
    }

    [Fact]
    public async Task A_video_is_tracked_and_plays_with_its_landmark_timeline()
    {
        var page = await fixture.OpenAsync();
        await UploadAsync(page, SharedData.PathOf("data", "samples", "obama.mp4"));
        Assert.True(await page.Locator("#timeline-panel").IsVisibleAsync());
        Assert.True(DifferentPixels(await page.Locator("#timeline").ScreenshotAsync()) > 100, "the timeline has bars");
        await page.EvaluateAsync("() => new Promise(resolve => { const v = document.getElementById('video'); v.addEventListener('seeked', () => requestAnimationFrame(resolve), { once: true }); v.currentTime = 1; })");
        var video = (await page.Locator("#video").BoundingBoxAsync())!;
        var overlayBox = (await page.Locator("#video-overlay").BoundingBoxAsync())!;
        Assert.Equal((video.X, video.Y, video.Width), (overlayBox.X, overlayBox.Y, overlayBox.Width));
        int green = await page.EvaluateAsync<int>("""
            () => {
              const c = document.getElementById('video-overlay');
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let n = 0;
              for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i + 1] > 180 && d[i] < 90) n++;
              return n;
            }
            """);
        Assert.True(green > 50, $"landmarks are drawn over the video ({green} green pixels)");

        // The 3D viewer shows the fitted mesh of the frame on screen, and another frame's when the video moves on.
        var viewer = page.Locator("#viewer canvas");
        string shown = await (await page.WaitForFunctionAsync("() => document.body.dataset.meshFrame")).JsonValueAsync<string>();
        byte[] atOne = await viewer.ScreenshotAsync();
        var shot = PixelConversion.ToRgb8(ImageDecoder.Decode(atOne, "viewer"));
        Assert.True(DifferentPixels(atOne) > shot.Width * shot.Height / 20, "the frame's mesh covers part of the 3D canvas");
        Assert.True(await page.Locator("#bars .bar").CountAsync() == 53, "the frame's blendshape bars");
        await BrowserFixture.SaveForDocsAsync(page, "serve-video.png");
        await page.EvaluateAsync("() => { document.getElementById('video').currentTime = 0; }");
        await page.WaitForFunctionAsync("shown => document.body.dataset.meshFrame !== shown", shown);
        // The viewer renders when the mesh arrives; two animation frames later the browser has composited it.
        await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        Assert.True(DifferentPixels(await viewer.ScreenshotAsync(), atOne) > 200, "another frame's mesh is drawn");
    }
}
