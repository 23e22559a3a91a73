namespace FaceAlign3D.Evaluation.Datasets;

/// <summary>The k-fold rule of the training configs (`folds`, `holdout_fold`): face i of a data set, in its reader's order, is in fold i % folds.</summary>
internal static class FoldSplit
{
    /// <summary>Whether face <paramref name="index"/> is outside the held-out fold <paramref name="holdout"/> of <paramref name="folds"/>.</summary>
    public static bool Keeps(int index, int folds, int holdout) => index % folds != holdout;
}
