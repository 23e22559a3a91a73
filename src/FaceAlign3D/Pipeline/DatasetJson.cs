using System.Text.Json;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;
using FaceAlign3D.Synthesis;

namespace FaceAlign3D.Pipeline;

/// <summary>The pieces of the synthetic datasets' annotations.json and views files that more than one dataset writes.</summary>
internal static class DatasetJson
{
    /// <summary>Images a contact sheet shows.</summary>
    public const int SheetImages = 24;

    /// <summary><c>"params": {"identity": [...], "expression": {name: weight, ...}}</c> with only the non-zero blendshapes.</summary>
    public static void Params(Utf8JsonWriter json, ReadOnlySpan<double> identity, ReadOnlySpan<double> expression, IReadOnlyList<string> expressionNames)
    {
        json.WriteStartObject("params");
        json.WritePropertyName("identity");
        Numbers(json, identity);
        json.WriteStartObject("expression");
        for (int j = 0; j < expressionNames.Count; j++)
            if (expression[j] != 0)
                json.WriteNumber(expressionNames[j], expression[j]);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void Numbers(Utf8JsonWriter json, ReadOnlySpan<double> values)
    {
        json.WriteStartArray();
        foreach (double v in values)
            json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    /// <summary>A row-major 3x3 matrix as three rows.</summary>
    public static void Rows(Utf8JsonWriter json, ReadOnlySpan<double> rowMajor)
    {
        json.WriteStartArray();
        for (int r = 0; r < 3; r++)
            Numbers(json, rowMajor.Slice(3 * r, 3));
        json.WriteEndArray();
    }

    /// <summary>Opens a profiled-photo recipe's common part: what made it and from which face of which photo.</summary>
    public static void Source(Utf8JsonWriter recipe, string kind, string sourceImage, int face)
    {
        recipe.WriteString("kind", kind);
        recipe.WriteString("source_image", Path.GetFileName(sourceImage));
        recipe.WriteNumber("face", face);
    }

    /// <summary>Closes the samples array and the document, and writes contact_sheet.png; returns its path.</summary>
    public static string Finish(Utf8JsonWriter json, string output, IReadOnlyList<Image> sheet)
    {
        json.WriteEndArray();
        json.WriteEndObject();
        string path = Path.Combine(output, "contact_sheet.png");
        ImageEncoder.SavePng(ContactSheet.Compose(sheet), path);
        return path;
    }
}
