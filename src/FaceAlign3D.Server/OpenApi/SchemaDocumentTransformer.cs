using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace FaceAlign3D.Server.OpenApi;

/// <summary>
/// Publishes the JSON schemas of docs/schemas (embedded at build time, so the document cannot drift from them) as
/// components, and points the align and fit answers at them. Each schema's <c>$defs</c> become components named
/// <c>{schema}_{def}</c>, since a <c>#/$defs</c> reference would otherwise resolve against the whole document.
/// </summary>
public sealed class SchemaDocumentTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The answer of /v1/fit: the align result, one fit per face, and optionally the meshes.</summary>
    private const string FitResponse = """
        {
          "type": "object",
          "required": ["align", "fits"],
          "properties": {
            "align": { "$ref": "#/components/schemas/align" },
            "fits": { "type": "array", "items": { "$ref": "#/components/schemas/fit" } },
            "triangles": { "type": "array", "items": { "type": "integer" }, "description": "mesh=true: vertex indices of the ICT model's triangles, three per triangle" },
            "meshes": {
              "type": "array",
              "description": "mesh=true: one per fit",
              "items": {
                "type": "object",
                "properties": {
                  "face": { "type": "integer" },
                  "vertices": { "type": "array", "items": { "type": "number" }, "description": "x, y, z per vertex, model space in cm" },
                  "tension": { "type": "array", "items": { "type": "number" }, "description": "per-vertex facial tension in [-1, 1]" }
                }
              }
            }
          }
        }
        """;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (string name in new[] { "align", "fit" })
            foreach (var (component, schema) in Components(name))
                document.Components.Schemas[component] = Parse(schema.ToJsonString(), document);
        document.Components.Schemas["fit_response"] = Parse(FitResponse, document);
        Answer(document, "/v1/align", "align");
        Answer(document, "/v1/fit", "fit_response");
        return Task.CompletedTask;
    }

    /// <summary>The schema named <paramref name="name"/> and its hoisted definitions, as component name and JSON.</summary>
    public static IEnumerable<(string Component, JsonNode Schema)> Components(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"schemas/{name}.schema.json")
            ?? throw new InvalidOperationException($"schema {name} is not embedded");
        var root = JsonNode.Parse(stream)!.AsObject();
        root.Remove("$schema");
        root.Remove("$id");
        var defs = root["$defs"]?.AsObject();
        root.Remove("$defs");
        RewriteReferences(root, name);
        yield return (name, root);
        foreach (var (def, schema) in defs ?? [])
        {
            RewriteReferences(schema!, name);
            yield return ($"{name}_{def}", schema!);
        }
    }

    private static void RewriteReferences(JsonNode node, string schema)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.GetValue<string>() is { } target && target.StartsWith("#/$defs/", StringComparison.Ordinal))
                    obj["$ref"] = $"#/components/schemas/{schema}_{target["#/$defs/".Length..]}";
                foreach (var (_, child) in obj)
                    if (child is not null)
                        RewriteReferences(child, schema);
                break;
            case JsonArray array:
                foreach (var child in array)
                    if (child is not null)
                        RewriteReferences(child, schema);
                break;
        }
    }

    private static IOpenApiSchema Parse(string json, OpenApiDocument document) =>
        OpenApiModelFactory.Parse<OpenApiSchema>(json, OpenApiSpecVersion.OpenApi3_1, document, out _, "json")
        ?? throw new InvalidOperationException("a published schema does not parse");

    private static void Answer(OpenApiDocument document, string path, string component)
    {
        if (document.Paths.TryGetValue(path, out var item) && item.Operations?.GetValueOrDefault(HttpMethod.Post) is { } post
            && post.Responses?.GetValueOrDefault("200") is OpenApiResponse ok)
            ok.Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(component, document) },
            };
    }
}
