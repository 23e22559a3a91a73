using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>
/// Reads an upload into memory, either as one multipart form field or as the raw request body, never more than a
/// limit: a Content-Length over it is refused before reading, and a body that grows past it is cut off (413).
/// The file name a client sends is ignored; only the bytes count.
/// </summary>
public static class UploadReader
{
    /// <summary>Room for the multipart boundaries and part headers around the file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    /// <exception cref="UploadException">413 over the limit, 400 when the form has no such field or the body is empty.</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, string field, long limit, CancellationToken cancellation)
    {
        // Only multipart forms are forms here: any other body (whatever its declared type) is the file itself.
        bool multipart = request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;
        long bodyLimit = multipart ? limit + MultipartOverhead : limit;
        if (request.ContentLength > bodyLimit)
            throw TooLarge(limit);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = bodyLimit;
        try
        {
            byte[] data = multipart ? await ReadFieldAsync(request, field, limit, cancellation) : await ReadBodyAsync(request.Body, limit, cancellation);
            return data.Length > 0 ? data : throw new UploadException(StatusCodes.Status400BadRequest, $"the upload is empty; send the {field} as the body or as multipart field '{field}'");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        catch (InvalidDataException e) when (multipart)
        {
            // The form reader's own limits (part headers, value counts) and malformed multipart bodies.
            throw new UploadException(StatusCodes.Status400BadRequest, "malformed multipart form: " + e.Message);
        }
    }

    private static async Task<byte[]> ReadFieldAsync(HttpRequest request, string field, long limit, CancellationToken cancellation)
    {
        var form = await request.ReadFormAsync(cancellation);
        var file = form.Files.GetFile(field) ?? throw new UploadException(StatusCodes.Status400BadRequest, $"the form has no file field '{field}'");
        if (file.Length > limit)
            throw TooLarge(limit);
        await using var stream = file.OpenReadStream();
        return await ReadBodyAsync(stream, limit, cancellation);
    }

    private static async Task<byte[]> ReadBodyAsync(Stream body, long limit, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > limit)
                throw TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static UploadException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the upload is larger than the limit of {limit} bytes");
}
