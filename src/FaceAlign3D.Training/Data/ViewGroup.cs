namespace FaceAlign3D.Training.Data;

/// <summary>
/// One view of a face seen by several cameras: its record (region box; 68 labels, or 68 NaN when the view is
/// unlabeled) and its 3x4 projection matrix in image pixels, row-major, when the camera is known.
/// </summary>
public sealed record GroupView(FaceRecord Face, double[]? Camera);

/// <summary>All views of one face (one group of a multi-view set), in view order.</summary>
public sealed record ViewGroup(string Id, IReadOnlyList<GroupView> Views)
{
    /// <summary>True when every view has a camera, so its landmarks can be triangulated across views.</summary>
    public bool Calibrated => Views.All(v => v.Camera is not null);
}

/// <summary>The usable groups of a multi-view set and the items skipped, each named with its reason.</summary>
public sealed record GroupScan(string Name, IReadOnlyList<ViewGroup> Groups, IReadOnlyList<Evaluation.Datasets.DatasetIssue> Skipped);
