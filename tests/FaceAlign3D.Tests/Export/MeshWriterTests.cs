using System.Buffers.Binary;
using System.Text;
using FaceAlign3D.Export;

namespace FaceAlign3D.Tests.Export;

public class MeshWriterTests
{
    // A unit square as one quad plus a triangle on top: 5 vertices.
    private static MeshExport House(bool uvs = false, bool colours = false) => new(
        [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0.5f, 1.5f, 0.25f],
        [[0, 1, 2, 3], [3, 2, 4]],
        uvs ? [0, 0, 1, 0, 1, 1, 0, 1, 0.5f, 1] : null,
        colours ? [255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9, 1, 2, 3] : null);

    [Fact]
    public void Obj_lists_vertices_uvs_and_one_based_faces()
    {
        var ms = new MemoryStream();
        ObjWriter.Write(ms, House(uvs: true), "house");
        var lines = Encoding.UTF8.GetString(ms.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("# house", lines[0]);
        Assert.Equal(5, lines.Count(l => l.StartsWith("v ")));
        Assert.Equal(5, lines.Count(l => l.StartsWith("vt ")));
        Assert.Contains("v 0.5 1.5 0.25", lines);
        Assert.Contains("f 1/1 2/2 3/3 4/4", lines);
        Assert.Contains("f 4/4 3/3 5/5", lines);
    }

    [Fact]
    public void Ply_header_and_binary_body_decode_back()
    {
        var ms = new MemoryStream();
        PlyWriter.Write(ms, House(colours: true));
        var bytes = ms.ToArray();
        string text = Encoding.ASCII.GetString(bytes);
        int bodyStart = text.IndexOf("end_header\n", StringComparison.Ordinal) + "end_header\n".Length;
        Assert.Contains("element vertex 5", text[..bodyStart]);
        Assert.Contains("property uchar red", text[..bodyStart]);
        Assert.Contains("element face 2", text[..bodyStart]);

        var body = bytes.AsSpan(bodyStart);
        // vertex 4: 15 bytes each
        var v4 = body.Slice(4 * 15, 15);
        Assert.Equal(0.5f, BinaryPrimitives.ReadSingleLittleEndian(v4));
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(v4[4..]));
        Assert.Equal(0.25f, BinaryPrimitives.ReadSingleLittleEndian(v4[8..]));
        Assert.Equal([1, 2, 3], v4[12..].ToArray());
        var faces = body[(5 * 15)..];
        Assert.Equal(4, faces[0]);
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(faces[13..]));
        Assert.Equal(3, faces[17]);
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(faces[26..]));
        Assert.Equal(1 + 16 + 1 + 12, faces.Length);
    }

    [Fact]
    public void Inconsistent_meshes_are_rejected_before_writing()
    {
        var bad = House() with { Polygons = [[0, 1, 7]] };
        Assert.Throws<ArgumentException>(() => ObjWriter.Write(new MemoryStream(), bad));
        Assert.Throws<ArgumentException>(() => PlyWriter.Write(new MemoryStream(), House() with { Colors = [1, 2, 3] }));
        Assert.Throws<ArgumentException>(() => MeshExport.FromTriangles([0, 1]));
    }

    [Fact]
    public void Triangle_index_lists_become_polygons()
    {
        var polygons = MeshExport.FromTriangles([0, 1, 2, 2, 1, 3]);
        Assert.Equal(2, polygons.Count);
        Assert.Equal([2, 1, 3], polygons[1]);
    }
}
