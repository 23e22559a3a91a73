using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Training.Data;

/// <summary>The usable faces of a data set and the files skipped, each named with its reason.</summary>
public sealed record DatasetScan(string Name, IReadOnlyList<FaceRecord> Faces, IReadOnlyList<DatasetIssue> Skipped)
{
    /// <summary>
    /// The faces outside one of <paramref name="folds"/> folds by position (face i is in fold i % folds), so a
    /// held-out fold is reproducible from the sorted file list alone.
    /// </summary>
    public DatasetScan WithoutFold(int folds, int fold) =>
        this with { Faces = Faces.Where((_, i) => FoldSplit.Keeps(i, folds, fold)).ToArray() };
}
