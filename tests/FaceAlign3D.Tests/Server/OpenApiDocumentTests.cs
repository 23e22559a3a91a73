using System.Text.Json.Nodes;

namespace FaceAlign3D.Tests.Server;

/// <summary>/openapi/v1.json lists every endpoint and publishes docs/schemas as they are on disk.</summary>
public sealed class OpenApiDocumentTests(TestServerFixture fixture) : IClassFixture<TestServerFixture>
{
    private static string RepositoryFile(params string[] parts) =>
        Path.Combine([FaceAlign3D.Models.ModelStore.FindRepositoryRoot(AppContext.BaseDirectory)!, .. parts]);

    private async Task<JsonNode> Document() => JsonNode.Parse(await fixture.Server.Client.GetStringAsync("/openapi/v1.json"))!;

    [Fact]
    public async Task Every_endpoint_is_documented()
    {
        var paths = (await Document())["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Equal(["/healthz", "/v1/align", "/v1/fit", "/v1/jobs/{id}", "/v1/jobs/{id}/mesh", "/v1/jobs/{id}/results", "/v1/models", "/v1/track"], paths.Order());
    }

    [Theory]
    [InlineData("align")]
    [InlineData("fit")]
    public async Task The_published_schemas_are_those_of_docs_schemas(string name)
    {
        var schemas = (await Document())["components"]!["schemas"]!;
        var file = JsonNode.Parse(File.ReadAllText(RepositoryFile("docs", "schemas", $"{name}.schema.json")))!;
        var published = schemas[name]!;
        Assert.Equal(Keys(file["properties"]!), Keys(published["properties"]!));
        Assert.Equal(file["required"]!.AsArray().Select(r => r!.GetValue<string>()), published["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        foreach (var (def, schema) in file["$defs"]?.AsObject() ?? [])
            Assert.Equal(schema!["type"]?.ToJsonString(), schemas[$"{name}_{def}"]!["type"]?.ToJsonString());
        Assert.DoesNotContain("#/$defs/", (await Document()).ToJsonString());
    }

    [Fact]
    public async Task Align_and_fit_answers_refer_to_the_schemas()
    {
        var paths = (await Document())["paths"]!;
        Assert.Equal("#/components/schemas/align", Ok(paths["/v1/align"]!)["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/fit_response", Ok(paths["/v1/fit"]!)["$ref"]!.GetValue<string>());
    }

    private static JsonNode Ok(JsonNode path) => path["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;

    private static IEnumerable<string> Keys(JsonNode node) => node.AsObject().Select(p => p.Key).Order();
}
