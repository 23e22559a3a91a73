using System.Globalization;
using System.Text;
using FaceAlign3D.Geometry;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Export;

/// <summary>
/// Writes a fitted ICT mesh: OBJ with the model's UV layout (per-corner UVs, so seams stay sharp; vertex indices
/// equal the model's) and binary PLY with per-vertex colours (facial tension through <see cref="FitTensionColorMap"/>).
/// </summary>
public static class FitMeshWriter
{
    /// <summary>OBJ: v per model vertex, vt per UV entry, f lines "v/vt" (1-based), quads and triangles as in the model.</summary>
    public static void WriteObj(string path, ReadOnlySpan<float> positions, MeshTopology topology, IctUvLayout uvs, string? comment = null)
    {
        if (positions.Length != 3 * topology.VertexCount)
            throw new ArgumentException($"{positions.Length / 3} positions for a mesh of {topology.VertexCount} vertices");
        if (uvs.FaceUvs.Length != topology.Faces.Length)
            throw new ArgumentException($"the UV layout has {uvs.FaceUvs.Length / 4} faces, the mesh {topology.FaceCount}");
        using var stream = File.Create(path);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        var c = CultureInfo.InvariantCulture;
        if (comment is not null)
            foreach (var line in comment.Split('\n'))
                w.WriteLine("# " + line);
        for (int i = 0; i < topology.VertexCount; i++)
            w.WriteLine(string.Create(c, $"v {positions[3 * i]:R} {positions[3 * i + 1]:R} {positions[3 * i + 2]:R}"));
        for (int i = 0; i < uvs.UvCount; i++)
            w.WriteLine(string.Create(c, $"vt {uvs.Uvs[2 * i]:R} {uvs.Uvs[2 * i + 1]:R}"));
        var faces = topology.Faces;
        var sb = new StringBuilder();
        for (int f = 0; f < topology.FaceCount; f++)
        {
            int corners = faces[4 * f + 3] < 0 ? 3 : 4;
            sb.Clear().Append('f');
            for (int k = 0; k < corners; k++)
                sb.Append(' ').Append(faces[4 * f + k] + 1).Append('/').Append(uvs.FaceUvs[4 * f + k] + 1);
            w.WriteLine(sb);
        }
    }

    /// <summary>Binary PLY of the mesh with one colour per vertex.</summary>
    public static void WritePly(string path, float[] positions, MeshTopology topology, byte[] colors, string? comment = null) =>
        PlyWriter.Write(path, new MeshExport(positions, Polygons(topology), Colors: colors), comment);

    private static int[][] Polygons(MeshTopology topology)
    {
        var faces = topology.Faces;
        var list = new int[topology.FaceCount][];
        for (int f = 0; f < list.Length; f++)
            list[f] = faces[4 * f + 3] < 0 ? [faces[4 * f], faces[4 * f + 1], faces[4 * f + 2]] : faces.Slice(4 * f, 4).ToArray();
        return list;
    }
}
