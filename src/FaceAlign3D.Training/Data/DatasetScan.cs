using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>The usable faces of a data set and the files skipped, each named with its reason.</summary>
public sealed record DatasetScan(string Name, IReadOnlyList<FaceRecord> Faces, IReadOnlyList<DatasetIssue> Skipped);
