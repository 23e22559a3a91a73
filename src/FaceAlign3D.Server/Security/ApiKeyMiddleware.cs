using System.Security.Cryptography;
using System.Text;
using FaceAlign3D.Server.Endpoints;
using Microsoft.AspNetCore.Http;

namespace FaceAlign3D.Server.Security;

/// <summary>When an API key is set, every /v1 request must carry it in X-Api-Key (the page and /healthz stay open).</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, string key)
{
    public const string Header = "X-Api-Key";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/v1") && !Matches(http.Request.Headers[Header].ToString()))
        {
            await ApiError.Result(StatusCodes.Status401Unauthorized, $"missing or wrong {Header} header").ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    private bool Matches(string given) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key);
}
