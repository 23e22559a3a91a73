using System.Buffers.Binary;
using System.Text;

namespace FaceAlign3D.Export;

/// <summary>
/// Writes binary little-endian PLY: float x,y,z per vertex, uchar red,green,blue when the mesh has
/// colours, and faces as a uchar-counted int list. Readable by MeshLab, Blender and Open3D.
/// </summary>
public static class PlyWriter
{
    public static void Write(string path, MeshExport mesh, string? comment = null)
    {
        using var stream = File.Create(path);
        Write(stream, mesh, comment);
    }

    public static void Write(Stream stream, MeshExport mesh, string? comment = null)
    {
        mesh.Validate();
        var header = new StringBuilder("ply\nformat binary_little_endian 1.0\n");
        if (comment is not null)
            foreach (var line in comment.Split('\n'))
                header.Append("comment ").Append(line).Append('\n');
        header.Append($"element vertex {mesh.VertexCount}\nproperty float x\nproperty float y\nproperty float z\n");
        if (mesh.Colors is not null)
            header.Append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        header.Append($"element face {mesh.Polygons.Count}\nproperty list uchar int vertex_indices\nend_header\n");
        stream.Write(Encoding.ASCII.GetBytes(header.ToString()));

        int vertexBytes = 12 + (mesh.Colors is null ? 0 : 3);
        var buffer = new byte[vertexBytes * Math.Max(1, Math.Min(mesh.VertexCount, 4096))];
        for (int start = 0; start < mesh.VertexCount; start += buffer.Length / vertexBytes)
        {
            int count = Math.Min(buffer.Length / vertexBytes, mesh.VertexCount - start);
            for (int k = 0; k < count; k++)
            {
                int i = start + k;
                var dst = buffer.AsSpan(k * vertexBytes, vertexBytes);
                BinaryPrimitives.WriteSingleLittleEndian(dst, mesh.Positions[3 * i]);
                BinaryPrimitives.WriteSingleLittleEndian(dst[4..], mesh.Positions[3 * i + 1]);
                BinaryPrimitives.WriteSingleLittleEndian(dst[8..], mesh.Positions[3 * i + 2]);
                if (mesh.Colors is { } rgb)
                    (dst[12], dst[13], dst[14]) = (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
            }
            stream.Write(buffer, 0, count * vertexBytes);
        }

        Span<byte> index = stackalloc byte[4];
        foreach (var polygon in mesh.Polygons)
        {
            if (polygon.Length > byte.MaxValue)
                throw new ArgumentException($"a polygon of {polygon.Length} vertices does not fit PLY's uchar count");
            stream.WriteByte((byte)polygon.Length);
            foreach (int i in polygon)
            {
                BinaryPrimitives.WriteInt32LittleEndian(index, i);
                stream.Write(index);
            }
        }
    }
}
