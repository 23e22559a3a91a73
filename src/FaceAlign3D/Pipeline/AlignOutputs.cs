using System.Globalization;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Export;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Pipeline;

/// <summary>
/// The files `align` writes for one image (JSON, overlay PNG, per-face OBJ/PLY meshes) and over the batch
/// (summary.csv, Parquet shards), chosen by --format.
/// </summary>
public sealed class AlignOutputs
{
    public static readonly string[] Formats = ["json", "csv", "png", "obj", "ply", "parquet"];

    private readonly SortedSet<string> _formats;

    private AlignOutputs(SortedSet<string> formats, string detector, string aligner)
    {
        _formats = formats;
        Detector = detector;
        Aligner = aligner;
    }

    public string Detector { get; }
    public string Aligner { get; }

    public bool Has(string format) => _formats.Contains(format);

    /// <summary>Whether the analysis must build dense meshes (the overlay draws them; OBJ and PLY are them).</summary>
    public bool NeedsMesh => Has("png") || Has("obj") || Has("ply");

    /// <summary>Formats, detector and aligner in one line (a batch ledger refuses to resume under others).</summary>
    public override string ToString() => $"{string.Join(",", _formats)} {Detector} {Aligner}";

    public static AlignOutputs Parse(string text, string detector, string aligner)
    {
        var set = new SortedSet<string>(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()), StringComparer.Ordinal);
        var unknown = set.Except(Formats).ToList();
        if (unknown.Count > 0 || set.Count == 0)
            throw new ArgumentException($"--format: unknown {string.Join(", ", unknown)}; choose from {string.Join(",", Formats)}");
        return new AlignOutputs(set, detector, aligner);
    }

    /// <summary>An x1,y1,x2,y2 box in pixels.</summary>
    public static FaceBox ParseBox(string text)
    {
        var parts = text.Split(',');
        var v = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : double.NaN).ToArray();
        if (v.Length != 4 || v.Any(double.IsNaN) || v[2] <= v[0] || v[3] <= v[1])
            throw new ArgumentException($"--roi '{text}' is not x1,y1,x2,y2 with x2 > x1 and y2 > y1");
        return new FaceBox(v[0], v[1], v[2], v[3], 1f);
    }

    /// <summary>Writes the per-image files of <paramref name="file"/> as <paramref name="stem"/>.json, .overlay.png, .face{k}.obj/.ply.</summary>
    public void Write(string stem, string file, Image image, ImageAnalysis analysis, string? alignerModelSha256)
    {
        string name = Path.GetFileName(file);
        if (Has("json"))
            AlignmentJsonWriter.Write(stem + ".json", name, analysis, Detector, Aligner, alignerModelSha256);
        if (Has("png"))
            ImageEncoder.SavePng(OverlayRenderer.Render(image, analysis), stem + ".overlay.png");
        for (int f = 0; f < analysis.Faces.Count; f++)
        {
            if (analysis.Faces[f].Mesh is not { } mesh)
                continue;
            var export = new MeshExport(mesh.Positions, MeshExport.FromTriangles(mesh.Triangles));
            string comment = $"FaceAlign3D {Aligner} mesh of face {f} in {name}, image pixels (x right, y down)";
            if (Has("obj"))
                ObjWriter.Write($"{stem}.face{f}.obj", export, comment);
            if (Has("ply"))
                PlyWriter.Write($"{stem}.face{f}.ply", export, comment);
        }
    }
}
