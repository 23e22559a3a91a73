using System.Numerics;
using System.Text.Json;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Export;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Tests.Export;

/// <summary>The align JSON and CSV for both landmark layouts: 3DDFA_V2's 68 points and MediaPipe's 468.</summary>
public sealed class AlignmentOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("facealign-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly HeadPose Pose = new([1, 0, 0, 0, 1, 0, 0, 0, 1], 1, 2, 3, "test formula");

    private static ImageAnalysis Analysis(FaceAlignment alignment) =>
        new(640, 480, [new AnalyzedFace(new FaceBox(10, 20, 110, 140, 0.9f), alignment)], TimeSpan.Zero, TimeSpan.Zero);

    private static FaceAlignment MeshAlignment()
    {
        var points = Enumerable.Range(0, 468).Select(i => new Vector3(100 + i * 0.25f, 50 + i * 0.5f, -i * 0.125f)).ToArray();
        var transform = Enumerable.Range(0, 16).Select(i => (float)i).ToArray();
        return new FaceAlignment(points, Pose, transform, new BoundingBox(0, 0, 200, 200), 0.75f) { Layout = AlignmentLayout.FaceMesh468 };
    }

    private static JsonElement WriteJson(ImageAnalysis analysis, string aligner)
    {
        var stream = new MemoryStream();
        AlignmentJsonWriter.Write(stream, "a.jpg", analysis, "blazeface", aligner);
        return JsonDocument.Parse(stream.ToArray()).RootElement.GetProperty("faces")[0];
    }

    [Fact]
    public void A_face_mesh_writes_its_468_points_the_mapped_68_presence_and_transform_but_no_params62()
    {
        var alignment = MeshAlignment();
        var face = WriteJson(Analysis(alignment), "mediapipe");

        Assert.Equal(0.75, face.GetProperty("presence").GetDouble(), 6);
        var all = face.GetProperty("landmarks468");
        Assert.Equal(468, all.GetArrayLength());
        Assert.Equal(100 + 467 * 0.25, all[467][0].GetDouble(), 3);
        Assert.Equal(-467 * 0.125, all[467][2].GetDouble(), 3);
        var mapped = face.GetProperty("landmarks68");
        Assert.Equal(68, mapped.GetArrayLength());
        for (int k = 0; k < 68; k++)
        {
            int vertex = MediaPipeLandmarks68.VertexIndices[k];
            Assert.Equal(alignment.Landmarks3D[vertex].X, mapped[k][0].GetDouble(), 3);
            Assert.Equal(alignment.Landmarks3D[vertex].Y, mapped[k][1].GetDouble(), 3);
            Assert.Equal(alignment.Landmarks3D[vertex].Z, mapped[k][2].GetDouble(), 3);
        }
        var transform = face.GetProperty("pose").GetProperty("transform");
        Assert.Equal(4, transform.GetArrayLength());
        Assert.Equal(7, transform[1][3].GetDouble());
        Assert.Equal("test formula", face.GetProperty("pose").GetProperty("formula").GetString());
        Assert.False(face.TryGetProperty("params62", out _));
    }

    [Fact]
    public void A_tddfa_face_keeps_its_68_points_and_params62_without_mesh_fields()
    {
        var points = Enumerable.Range(0, 68).Select(i => new Vector3(i, i, i)).ToArray();
        var alignment = new FaceAlignment(points, Pose, new float[62], new BoundingBox(0, 0, 200, 200), 0.9f) { Layout = AlignmentLayout.Tddfa68 };
        var face = WriteJson(Analysis(alignment), "tddfa");
        Assert.Equal(67, face.GetProperty("landmarks68")[67][0].GetDouble());
        Assert.Equal(62, face.GetProperty("params62").GetArrayLength());
        Assert.False(face.TryGetProperty("landmarks468", out _));
        Assert.False(face.TryGetProperty("presence", out _));
        Assert.False(face.GetProperty("pose").TryGetProperty("transform", out _));
    }

    [Fact]
    public void The_csv_of_a_face_mesh_has_the_68_mapped_points()
    {
        var alignment = MeshAlignment();
        string path = Path.Combine(_dir, "summary.csv");
        using (var csv = new AlignmentCsvWriter(path))
            csv.Add("a.jpg", Analysis(alignment));
        var rows = File.ReadAllLines(path);
        var cells = rows[1].Split(',');
        Assert.Equal(rows[0].Split(',').Length, cells.Length);
        Assert.Equal(10 + 3 * 68, cells.Length);
        var chin = alignment.Landmarks3D[MediaPipeLandmarks68.VertexIndices[8]];
        Assert.Equal(chin.X, double.Parse(cells[10 + 3 * 8], System.Globalization.CultureInfo.InvariantCulture), 3);
        Assert.Equal(chin.Y, double.Parse(cells[10 + 3 * 8 + 1], System.Globalization.CultureInfo.InvariantCulture), 3);
    }

    [Fact]
    public async Task Parquet_rows_hold_the_csv_columns_unrounded_and_nulls_for_an_image_without_faces()
    {
        var alignment = MeshAlignment();
        var analysis = Analysis(alignment);
        var rows = AlignmentRow.Of("a.jpg", analysis).Concat(AlignmentRow.Of("empty.jpg", analysis with { Faces = [] })).ToList();
        var stream = new MemoryStream();
        await AlignmentParquetWriter.WriteAsync(stream, rows);

        stream.Position = 0;
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(10 + 3 * 68, fields.Length);
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(2, group.RowCount);
        var faces = new int[2];
        await group.ReadAsync<int>(fields[1], faces);
        Assert.Equal([0, -1], faces);
        var chinX = new float?[2];
        await group.ReadAsync<float>(fields.Single(f => f.Name == "x8"), chinX);
        Assert.Equal(alignment.Landmarks3D[MediaPipeLandmarks68.VertexIndices[8]].X, chinX[0]);
        Assert.Null(chinX[1]);
    }
}
