using Parquet;
using Parquet.Schema;

namespace FaceAlign3D.Export;

/// <summary>
/// Writes align rows as one Parquet file (docs/align-output.md, "Parquet columns"): the columns of summary.csv, typed, with the
/// values unrounded. Columns of an image without faces are null except image and face (= -1).
/// </summary>
public static class AlignmentParquetWriter
{
    private static readonly DataField<string> Image = new("image");
    private static readonly DataField<int> Face = new("face");
    private static readonly DataField<double?>[] Box = [new("x1"), new("y1"), new("x2"), new("y2")];
    private static readonly DataField<float?> Score = new("score");
    private static readonly DataField<double?>[] Pose = [new("yaw"), new("pitch"), new("roll")];
    private static readonly DataField<float?>[] Landmarks = Enumerable.Range(0, 3 * LandmarkCsvColumns.Count)
        .Select(i => new DataField<float?>($"{"xyz"[i % 3]}{i / 3}")).ToArray();

    public static ParquetSchema Schema { get; } = new([Image, Face, .. Box, Score, .. Pose, .. Landmarks]);

    public static void Write(string path, IReadOnlyList<AlignmentRow> rows)
    {
        using var stream = File.Create(path);
        WriteAsync(stream, rows).GetAwaiter().GetResult();
    }

    public static async Task WriteAsync(Stream stream, IReadOnlyList<AlignmentRow> rows)
    {
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync(Image, rows.Select(r => r.Image).ToArray());
        await group.WriteAsync<int>(Face, rows.Select(r => r.Face).ToArray());
        for (int i = 0; i < Box.Length; i++)
            await group.WriteAsync<double>(Box[i], rows.Select(r => r.Box?[i]).ToArray());
        await group.WriteAsync<float>(Score, rows.Select(r => r.Score).ToArray());
        for (int i = 0; i < Pose.Length; i++)
            await group.WriteAsync<double>(Pose[i], rows.Select(r => r.YawPitchRoll?[i]).ToArray());
        for (int i = 0; i < Landmarks.Length; i++)
            await group.WriteAsync<float>(Landmarks[i], rows.Select(r => r.Landmarks68 is { } l && i < l.Length ? l[i] : (float?)null).ToArray());
    }
}
