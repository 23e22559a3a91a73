using FaceAlign3D.Imaging;
using FaceAlign3D.Models;
using FaceAlign3D.Server.Work;
using FaceAlign3D.Video;
using Microsoft.AspNetCore.Http;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>The body of every error answer: one line saying what was wrong.</summary>
public sealed record ApiError(string Error)
{
    public static IResult Result(int status, string message) => Results.Json(new ApiError(OneLine(message)), ServerJson.Default.ApiError, statusCode: status);

    /// <summary>The answer for an exception a request caused; null for bugs, which the host logs as 500.</summary>
    public static IResult? FromException(Exception e) => e switch
    {
        UploadException u => Result(u.Status, u.Message),
        QueueFullException => Result(StatusCodes.Status429TooManyRequests, e.Message),
        RequestTimeoutException => Result(StatusCodes.Status503ServiceUnavailable, e.Message),
        ImageFormatException f => Result(StatusCodes.Status422UnprocessableEntity, f.Reason),
        VideoException or InvalidDataException => Result(StatusCodes.Status422UnprocessableEntity, e.Message),
        ModelNotFoundException m => Result(StatusCodes.Status503ServiceUnavailable, $"model '{m.ModelId}' is not installed"),
        ArgumentException => Result(StatusCodes.Status400BadRequest, e.Message),
        _ => null,
    };

    private static string OneLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}

/// <summary>An upload the server refuses before decoding it (size, type, missing field).</summary>
public sealed class UploadException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
