using System.Globalization;
using System.Text;

namespace FaceAlign3D.Export;

/// <summary>Writes Wavefront OBJ: v lines, vt lines when the mesh has UVs, and 1-based f lines.</summary>
public static class ObjWriter
{
    public static void Write(string path, MeshExport mesh, string? comment = null)
    {
        using var stream = File.Create(path);
        Write(stream, mesh, comment);
    }

    public static void Write(Stream stream, MeshExport mesh, string? comment = null)
    {
        mesh.Validate();
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var c = CultureInfo.InvariantCulture;
        if (comment is not null)
            foreach (var line in comment.Split('\n'))
                w.WriteLine("# " + line);
        var p = mesh.Positions;
        for (int i = 0; i < mesh.VertexCount; i++)
            w.WriteLine(string.Create(c, $"v {p[3 * i]:R} {p[3 * i + 1]:R} {p[3 * i + 2]:R}"));
        if (mesh.Uvs is { } uv)
            for (int i = 0; i < mesh.VertexCount; i++)
                w.WriteLine(string.Create(c, $"vt {uv[2 * i]:R} {uv[2 * i + 1]:R}"));
        var sb = new StringBuilder();
        foreach (var polygon in mesh.Polygons)
        {
            sb.Clear().Append('f');
            foreach (int i in polygon)
            {
                sb.Append(' ').Append(i + 1);
                if (mesh.Uvs is not null)
                    sb.Append('/').Append(i + 1);
            }
            w.WriteLine(sb);
        }
    }
}
