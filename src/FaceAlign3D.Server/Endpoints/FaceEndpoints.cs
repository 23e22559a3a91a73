using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Pipeline;
using FaceAlign3D.Server.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>POST /v1/align and POST /v1/fit: one photo in, the align JSON (and ICT fits) out.</summary>
public static class FaceEndpoints
{
    public const string ImageField = "image";

    /// <summary>Body types the OpenAPI document lists; the server reads any body and lets the bytes decide.</summary>
    private static readonly string[] ImageTypes = ["image/png", "image/jpeg", "image/bmp", "image/x-portable-anymap", "application/octet-stream"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/align", (HttpContext http, ServerState state, string? aligner, string? detector, string? fit) =>
                Handle(http, state, aligner, detector, fit ?? "none", mesh: false))
            .WithName("align")
            .WithSummary("Detect and align every face of a photo (multipart field 'image' or the raw body); fit=ict adds ICT fits as /v1/fit does")
            .Accepts<IFormFile>("multipart/form-data", ImageTypes)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .DisableAntiforgery();
        app.MapPost("/v1/fit", (HttpContext http, ServerState state, string? aligner, string? detector, bool? mesh) =>
                Handle(http, state, aligner, detector, "ict", mesh ?? false))
            .WithName("fit")
            .WithSummary("Align a photo and fit the ICT-FaceKit model to each face; mesh=true adds vertices, triangles and tension for viewers")
            .Accepts<IFormFile>("multipart/form-data", ImageTypes)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .DisableAntiforgery();
    }

    /// <summary>The fit query value: ict or none.</summary>
    public static bool ParseFit(string fit) => fit.ToLowerInvariant() switch
    {
        "ict" => true,
        "none" or "" => false,
        _ => throw new ArgumentException($"fit '{fit}': unknown model (available: ict, none)"),
    };

    private static async Task<IResult> Handle(HttpContext http, ServerState state, string? aligner, string? detector, string fitModel, bool mesh)
    {
        try
        {
            bool fit = ParseFit(fitModel);
            var alignerKind = AnalyzerFactory.ParseAligner(aligner ?? "tddfa");
            var options = new AnalyzerOptions
            {
                Aligner = alignerKind,
                Detector = detector is null ? AnalyzerFactory.DefaultDetector(alignerKind) : AnalyzerFactory.ParseDetector(detector),
            };
            byte[] upload = await UploadReader.ReadAsync(http.Request, ImageField, state.Options.MaxImageBytes, http.RequestAborted);
            // The bytes decide the decoder; a name or content type the client sends is not trusted.
            if (!ImageDecoder.IsSupported(upload))
                return ApiError.Result(StatusCodes.Status415UnsupportedMediaType, "not an image this server reads (PNG, JPEG, BMP, PGM or PPM, recognised by content)");
            var body = await state.Pool.RunAsync(cancellation =>
            {
                var image = PixelConversion.ToRgb8(ImageDecoder.Decode(upload, ImageField,
                    new DecodeOptions { ApplyExifOrientation = true, MaxPixels = state.Options.MaxPixels }));
                var toolkit = state.Toolkits.For(options);
                var analysis = toolkit.Analyze(image, cancellation: cancellation);
                if (!fit)
                    return FaceResponses.Align(analysis, toolkit);
                var fits = toolkit.Fit(FaceResponses.UploadName, analysis, cancellation: cancellation);
                cancellation.ThrowIfCancellationRequested();
                return FaceResponses.Fit(analysis, toolkit, fits, toolkit.Fitting.Model, mesh);
            }, http.RequestAborted);
            return Results.Bytes(body, "application/json");
        }
        catch (Exception e) when (ApiError.FromException(e) is { } error)
        {
            return error;
        }
    }
}
