using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FaceAlign3D.Server.Work;

namespace FaceAlign3D.Tests.Server;

/// <summary>The request timeout cancels the work in flight: the worker is freed at the work's next check and the server keeps serving.</summary>
public sealed class RequestTimeoutTests
{
    /// <summary>Work that runs until its token fires, as a long analysis does between its stage checks.</summary>
    private static int UntilCancelled(CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            Thread.Sleep(1);
        }
    }

    [Fact]
    public async Task A_timed_out_request_is_cancelled_and_frees_its_worker()
    {
        using var pool = new WorkerPool(workers: 1, queueLimit: 1, timeout: TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAsync<RequestTimeoutException>(() => pool.RunAsync(UntilCancelled, CancellationToken.None));
        Assert.Equal(0, pool.Busy);
        Assert.Equal(0, pool.Admitted);
        // The one worker takes the next request.
        Assert.Equal(42, await pool.RunAsync(_ => 42, CancellationToken.None));
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_its_work_without_a_timeout()
    {
        using var pool = new WorkerPool(workers: 1, queueLimit: 0, timeout: TimeSpan.FromMinutes(5));
        using var client = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        // A cancellation, not a RequestTimeoutException (the host drops the answer of a client that left).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RunAsync(UntilCancelled, client.Token));
        Assert.Equal(0, pool.Busy);
    }

    [Fact]
    public async Task A_request_over_the_timeout_is_answered_503_and_the_server_stays_up()
    {
        // No photo aligns and fits in 5 ms: the timeout fires while the work runs, whose next stage check stops it.
        await using var server = await TestServer.StartAsync(TestServer.DefaultOptions with { RequestTimeout = TimeSpan.FromMilliseconds(5) });
        var photo = new ByteArrayContent(File.ReadAllBytes(SharedData.PathOf("data", "samples", "obama_small.jpg")));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await server.Client.PostAsync("/v1/fit?mesh=true", photo);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        string error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("did not finish", error);
        Assert.Equal(0, server.State.Pool.Busy);
        Assert.Equal(0, server.State.Pool.Admitted);
        using var health = await server.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
