using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceAlign3D.Server.Endpoints;

/// <summary>
/// Source-generated JSON (web defaults: camelCase) for every object the endpoints answer with, so the server
/// also runs in the Native AOT build of the tool, where reflection-based serialisation is not available.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ModelsInfo))]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(JobStatus))]
// Described (never serialised) by the OpenAPI document: the uploads and the query and route parameters.
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.IFormFile))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool?))]
internal sealed partial class ServerJson : JsonSerializerContext;
