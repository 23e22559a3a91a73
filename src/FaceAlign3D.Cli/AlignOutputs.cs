using System.Globalization;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Export;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Cli;

/// <summary>The files `align` writes for one image (JSON, overlay PNG, per-face OBJ/PLY meshes), chosen by --format.</summary>
internal sealed class AlignOutputs(HashSet<string> formats, string folder, string detector, string aligner)
{
    public static readonly string[] Formats = ["json", "csv", "png", "obj", "ply"];

    public bool Has(string format) => formats.Contains(format);

    /// <summary>Whether the analysis must build dense meshes (the overlay draws them; OBJ and PLY are them).</summary>
    public bool NeedsMesh => Has("png") || Has("obj") || Has("ply");

    public static AlignOutputs Parse(string text, string folder, string detector, string aligner)
    {
        var set = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()).ToHashSet();
        var unknown = set.Except(Formats).ToList();
        if (unknown.Count > 0 || set.Count == 0)
            throw new ArgumentException($"--format: unknown {string.Join(", ", unknown)}; choose from {string.Join(",", Formats)}");
        return new AlignOutputs(set, folder, detector, aligner);
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

    public string StemOf(string file) => Path.Combine(folder, Path.GetFileNameWithoutExtension(file));

    public void Write(string file, Image image, ImageAnalysis analysis, string? alignerModelSha256)
    {
        string stem = StemOf(file);
        string name = Path.GetFileName(file);
        if (Has("json"))
            AlignmentJsonWriter.Write(stem + ".json", name, analysis, detector, aligner, alignerModelSha256);
        if (Has("png"))
            ImageEncoder.SavePng(OverlayRenderer.Render(image, analysis), stem + ".overlay.png");
        for (int f = 0; f < analysis.Faces.Count; f++)
        {
            if (analysis.Faces[f].Mesh is not { } mesh)
                continue;
            var export = new MeshExport(mesh.Positions, MeshExport.FromTriangles(mesh.Triangles));
            string comment = $"FaceAlign3D {aligner} mesh of face {f} in {name}, image pixels (x right, y down)";
            if (Has("obj"))
                ObjWriter.Write($"{stem}.face{f}.obj", export, comment);
            if (Has("ply"))
                PlyWriter.Write($"{stem}.face{f}.ply", export, comment);
        }
    }

    /// <summary>summary.csv: one row per face of every image that was analysed.</summary>
    public void WriteSummary(IEnumerable<(string File, ImageAnalysis? Analysis)> results)
    {
        if (!Has("csv"))
            return;
        using var csv = new AlignmentCsvWriter(Path.Combine(folder, "summary.csv"));
        foreach (var (file, analysis) in results)
            if (analysis is not null)
                csv.Add(Path.GetFileName(file), analysis);
    }
}
