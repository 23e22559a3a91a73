using FaceAlign3D.Pipeline;
using FaceAlign3D.Server.Work;
using FaceAlign3D.Video;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>POST /v1/track starts a job on an uploaded video; GET /v1/jobs/{id} reports it; its results stream as JSON lines.</summary>
public static class TrackEndpoints
{
    public const string VideoField = "video";
    public const string JsonLinesType = "application/x-ndjson";

    /// <summary>The upload's name inside the job's folder; the job deletes it when done.</summary>
    private const string InputName = "input.video";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/track", Start)
            .WithName("track")
            .WithSummary("Track the faces of a video (multipart field 'video' or the raw body) as a job; fit=ict also fits the ICT model to each track; answers 202 with the job's id")
            .Accepts<IFormFile>("multipart/form-data", "video/mp4", "application/octet-stream")
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .DisableAntiforgery();
        app.MapGet("/v1/jobs/{id}", (string id, ServerState state) =>
                state.Jobs.Find(id) is { } job ? Results.Ok(JobStatus.Of(job)) : ApiError.Result(StatusCodes.Status404NotFound, $"no job '{id}'"))
            .WithName("job")
            .WithSummary("Progress and outcome of a tracking job")
            .Produces<JobStatus>();
        app.MapGet("/v1/jobs/{id}/results", StreamResults)
            .WithName("jobResults")
            .WithSummary("The job's frames as JSON lines (docs/tracking.md), streamed while the job runs")
            .Produces(StatusCodes.Status200OK, contentType: JsonLinesType);
        app.MapGet("/v1/jobs/{id}/mesh", Mesh)
            .WithName("jobMesh")
            .WithSummary("The fitted ICT mesh of one frame of a track (a job run with fit=ict): vertices, tension, the head's rotation; triangles=true adds the triangles")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
    }

    private static async Task<IResult> Mesh(HttpContext http, ServerState state, string id, int track, int frame, bool? triangles)
    {
        if (state.Jobs.Find(id) is not { } job)
            return ApiError.Result(StatusCodes.Status404NotFound, $"no job '{id}'");
        if (!job.Finished)
            return ApiError.Result(StatusCodes.Status409Conflict, $"job '{id}' is still {job.State.ToString().ToLowerInvariant()}; meshes come when it is done");
        if (job.Fits is not { } fits)
            return ApiError.Result(StatusCodes.Status400BadRequest, $"job '{id}' was not fitted (start it with fit=ict)");
        if (!fits.TryGetValue(track, out var fit) || frame < 0 || frame >= fit.Frames.Length)
            return ApiError.Result(StatusCodes.Status404NotFound, $"job '{id}' has no frame {frame} in track {track}");
        try
        {
            var model = state.Toolkits.Fitting.Model;
            var body = await state.Pool.RunAsync(_ => FaceResponses.TrackMesh(track, frame, fit.Frames[frame], model, triangles ?? false), http.RequestAborted);
            return Results.Bytes(body, "application/json");
        }
        catch (Exception e) when (ApiError.FromException(e) is { } error)
        {
            return error;
        }
    }

    private static async Task<IResult> Start(HttpContext http, ServerState state, ILoggerFactory logs, IHostApplicationLifetime lifetime, string? aligner, string? fit)
    {
        IDisposable? admission = null;
        try
        {
            var alignerKind = AnalyzerFactory.ParseAligner(aligner ?? "tddfa");
            bool fitted = FaceEndpoints.ParseFit(fit ?? "none");
            byte[] upload = await UploadReader.ReadAsync(http.Request, VideoField, state.Options.MaxVideoBytes, http.RequestAborted);
            admission = state.Pool.Admit();
            var job = state.Jobs.Create();
            string input = Path.Combine(job.Folder, InputName);
            FrameReader source;
            try
            {
                await File.WriteAllBytesAsync(input, upload, http.RequestAborted);
                // ffprobe runs now, so a file that is not a video is refused in this answer rather than in the job.
                source = FrameReader.Open(input);
            }
            catch (Exception e)
            {
                state.Jobs.Discard(job);
                if (e is VideoException)
                    return ApiError.Result(StatusCodes.Status422UnprocessableEntity, Public(e.Message, job));
                throw;
            }
            job.FramesTotal = source.Info.FrameCount;
            var held = admission;
            admission = null;
            var stopping = lifetime.ApplicationStopping;
            _ = Task.Run(() => RunAsync(job, source, alignerKind, fitted, state, held, logs.CreateLogger(typeof(TrackEndpoints)), stopping));
            return Results.Accepted($"/v1/jobs/{job.Id}", JobStatus.Of(job));
        }
        catch (Exception e) when (ApiError.FromException(e) is { } error)
        {
            return error;
        }
        finally
        {
            // Handed to the job once it starts; released here when the request ends without one.
            admission?.Dispose();
        }
    }

    /// <param name="stopping">Fires when the server stops: the job ends between two frames instead of outliving the server.</param>
    private static async Task RunAsync(TrackJob job, FrameReader source, AlignerKind aligner, bool fit, ServerState state, IDisposable admission, ILogger log,
        CancellationToken stopping)
    {
        try
        {
            using var worker = await state.Pool.AcquireWorkerAsync(stopping);
            job.State = JobState.Running;
            var run = new TrackRunOptions { OutputDirectory = job.Folder, WriteVideo = false, Progress = done => job.FramesDone = done };
            var summary = state.Toolkits.For(new AnalyzerOptions { Aligner = aligner }).Track(FaceResponses.UploadName, source,
                new TrackSettings { Run = run, Fit = fit }, stopping);
            job.Fits = summary.Fits?.ToDictionary(f => f.TrackId, f => f.Result);
            job.State = JobState.Done;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            job.Error = "the server stopped before the job finished";
            job.State = JobState.Failed;
        }
        catch (Exception e)
        {
            job.Error = ApiError.FromException(e) is null ? "tracking failed" : Public(e.Message, job);
            job.State = JobState.Failed;
            if (ApiError.FromException(e) is null)
                log.LogError(e, "tracking job {Id} failed", job.Id);
        }
        finally
        {
            source.Dispose();
            File.Delete(Path.Combine(job.Folder, InputName));
            admission.Dispose();
            job.Completion.TrySetResult();
        }
    }

    /// <summary>A message with the job's server-side folder replaced by the upload's public name.</summary>
    private static string Public(string message, TrackJob job) =>
        message.Replace(Path.Combine(job.Folder, InputName), FaceResponses.UploadName).Replace(job.Folder, FaceResponses.UploadName);

    private static async Task StreamResults(HttpContext http, ServerState state, string id)
    {
        if (state.Jobs.Find(id) is not { } job)
        {
            await ApiError.Result(StatusCodes.Status404NotFound, $"no job '{id}'").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = JsonLinesType;
        string path = Path.Combine(job.Folder, TrackRun.JsonLinesName);
        var cancel = http.RequestAborted;
        while (!File.Exists(path) && !job.Finished)
            await Task.WhenAny(job.Completion.Task, Task.Delay(200, cancel));
        if (!File.Exists(path))
            return;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[65536];
        int pending = 0;
        while (!cancel.IsCancellationRequested)
        {
            bool finished = job.Finished;
            int read = await file.ReadAsync(buffer.AsMemory(pending), cancel);
            pending += read;
            // Only whole lines go out while the writer may be in the middle of one.
            int end = finished ? pending : Array.LastIndexOf(buffer, (byte)'\n', Math.Max(pending - 1, 0)) + 1;
            if (end > 0)
            {
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, end), cancel);
                await http.Response.Body.FlushAsync(cancel);
                Array.Copy(buffer, end, buffer, 0, pending - end);
                pending -= end;
            }
            if (read == 0)
            {
                if (finished)
                    return;
                if (pending == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                await Task.WhenAny(job.Completion.Task, Task.Delay(200, cancel));
            }
        }
    }
}

/// <summary>What GET /v1/jobs/{id} answers.</summary>
public sealed record JobStatus(string Id, string State, int FramesDone, int? FramesTotal, string? Error, string Results)
{
    public static JobStatus Of(TrackJob job) =>
        new(job.Id, job.State.ToString().ToLowerInvariant(), job.FramesDone, job.FramesTotal, job.Error, $"/v1/jobs/{job.Id}/results");
}
