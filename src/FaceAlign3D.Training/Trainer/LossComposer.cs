using FaceAlign3D.Training.Config;
using FaceAlign3D.Training.Data;
using FaceAlign3D.Training.Losses;
using FaceAlign3D.Training.Networks;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>
/// The weighted sum of a config's loss terms on one batch. Parameter terms (wpdc, vdc, fwpdc, joint) use
/// the rows with 62-parameter targets; landmark terms use each layout group (68-point terms only the iBUG
/// group; reprojection also the 21-point one through 3DDFA's map). Teacher terms take a frozen teacher's
/// parameters on the same crops as targets for every row; they also tell reprojection which jaw labels of a
/// turned face to leave out (contour_yaw). The multi-view terms use only the rows of the batch's groups:
/// `multiview` the 3D-aware paper's self-projection consistency (Eq. 8) of each calibrated group, every view in
/// turn the target of a DLT from the others; `multiview_landmarks` its multi-view landmark loss (Eq. 10) on the
/// labelled views. Both are L1 in crop pixels / 120. Terms without data in a batch add 0.
/// </summary>
public sealed class LossComposer(MorphableBases bases, IReadOnlyList<LossTerm> terms)
{
    readonly WpdcLoss _wpdc = new(bases);
    readonly VdcLoss _vdc = new(bases);
    readonly FwpdcLoss _fwpdc = new(bases);
    readonly AdaptiveWingLoss _awing = new();

    /// <param name="output">The network's output on the batch's images, then on its groups' views.</param>
    /// <param name="batch">The batch's labels.</param>
    /// <param name="teacher">The teacher's targets on the batch, when the config has a teacher.</param>
    /// <param name="groups">The batch's multi-view groups (rows after the batch's own).</param>
    public Tensor Total(RegressorOutput output, BatchTensors batch, TeacherTargets? teacher = null, IReadOnlyList<GroupTensor>? groups = null)
    {
        var own = groups is { Count: > 0 } ? output.Narrow(0, batch.Images.shape[0]) : output;
        var total = zeros(1).squeeze();
        foreach (var term in terms)
            total = total + term.Weight * (term.Kind is "multiview" or "multiview_landmarks"
                ? Groups(term, output, groups ?? [])
                : Term(term, own, batch, teacher));
        return total;
    }

    Tensor Groups(LossTerm term, RegressorOutput output, IReadOnlyList<GroupTensor> groups)
    {
        var losses = new List<Tensor>();
        foreach (var group in groups)
        {
            var points = CropGeometry.ToCropPixels(bases.Vertices(bases.Denormalize(output.Params.index_select(0, group.Rows))));
            if (term.Kind == "multiview_landmarks")
            {
                var mask = group.Visibility.to_type(points.dtype);
                if (mask.sum().item<float>() > 0)
                    losses.Add((points - group.Points).abs().sum(2).mul(mask).sum() / mask.sum() / CropGeometry.InputSize);
            }
            else if (group.Cameras is { } cameras && group.Rows.shape[0] >= 3)
            {
                long views = group.Rows.shape[0];
                var observed = points.to_type(ScalarType.Float64);
                var sum = zeros(1, dtype: ScalarType.Float64).squeeze();
                for (long q = 0; q < views; q++)
                    sum = sum + MultiViewConsistencyLoss.Forward(observed, cameras.to_type(ScalarType.Float64), [.. Enumerable.Range(0, (int)views).Where(v => v != q).Select(v => (long)v)], [q]);
                losses.Add((sum / views / CropGeometry.InputSize).to_type(points.dtype));
            }
        }
        return losses.Count == 0 ? zeros(1).squeeze() : stack(losses).mean();
    }

    Tensor Term(LossTerm term, RegressorOutput output, BatchTensors batch, TeacherTargets? teacher)
    {
        switch (term.Kind)
        {
            case "teacher_landmarks" or "teacher_fwpdc" or "teacher_vdc":
                if (teacher is null) throw new ArgumentException($"loss term '{term.Kind}' needs the teacher's parameters");
                return term.Kind switch
                {
                    "teacher_landmarks" => teacher.Landmarks is { } points
                        ? new TeacherLandmarkLoss(bases, Distance(term)).ForwardToPoints(output.Params, points)
                        : new TeacherLandmarkLoss(bases, Distance(term)).Forward(output.Params, teacher.Params),
                    "teacher_fwpdc" => _fwpdc.Forward(output.Params, teacher.Params),
                    _ => _vdc.Forward(output.Params, teacher.Params),
                };
            case "wpdc" or "vdc" or "fwpdc" or "joint":
                if (batch.ParamRows is null) return zeros(1).squeeze();
                var predicted = output.Params.index_select(0, batch.ParamRows);
                return term.Kind switch
                {
                    "wpdc" => _wpdc.Forward(predicted, batch.Params!),
                    "vdc" => _vdc.Forward(predicted, batch.Params!),
                    "fwpdc" => _fwpdc.Forward(predicted, batch.Params!),
                    _ => new JointLoss(_fwpdc, _vdc).Vanilla(predicted, batch.Params!, term.Beta),
                };
            case "reprojection":
                return MeanOverGroups(batch, g => new ReprojectionLoss(bases, Map(g.Layout), Distance(term)).Forward(output.Params.index_select(0, g.Rows), g.Points, Visibility(term, g, teacher)));
            case "lrr":
                return Ibug(batch, g => LandmarkRegressionLoss.Forward(output.Landmarks!.index_select(0, g.Rows), g.Points, g.Visibility));
            case "awing":
                return Ibug(batch, g =>
                {
                    var residual = output.Landmarks!.index_select(0, g.Rows) - g.Points.reshape(g.Points.shape[0], -1) / CropGeometry.InputSize;
                    var visible = residual.masked_select(g.Visibility.repeat_interleave(2, 1) > 0);
                    return _awing.Forward(visible, zeros_like(visible));
                });
            case "gnll":
                return Ibug(batch, g =>
                {
                    var rows = output.Params.index_select(0, g.Rows);
                    var projected = CropGeometry.ToCropPixels(bases.Vertices(bases.Denormalize(rows)));
                    return GaussianNllLoss.Forward(projected, g.Points, output.LogSigma!.index_select(0, g.Rows), g.Visibility);
                });
            default:
                throw new ArgumentException($"unknown loss term '{term.Kind}'");
        }
    }

    /// <summary>A group's label visibility, without the far jaw contour of turned faces when the term asks for it.</summary>
    Tensor Visibility(LossTerm term, LandmarkGroup group, TeacherTargets? teacher)
    {
        if (term.ContourYaw <= 0 || group.Layout != LandmarkLayout.Ibug68) return group.Visibility;
        if (teacher is null) throw new ArgumentException("reprojection's contour_yaw needs a teacher");
        return group.Visibility * new OccludedContour(bases, term.ContourYaw).Mask(teacher.Params.index_select(0, group.Rows));
    }

    static PointDistance Distance(LossTerm term) => term.Distance switch
    {
        "euclidean" => PointDistance.Euclidean,
        "awing" => PointDistance.AdaptiveWing,
        _ => PointDistance.Squared,
    };

    static Tensor MeanOverGroups(BatchTensors batch, Func<LandmarkGroup, Tensor> loss)
    {
        long total = batch.Landmarks.Sum(g => g.Rows.shape[0]);
        var sum = zeros(1).squeeze();
        foreach (var group in batch.Landmarks) sum = sum + loss(group) * (group.Rows.shape[0] / (double)total);
        return sum;
    }

    static Tensor Ibug(BatchTensors batch, Func<LandmarkGroup, Tensor> loss) =>
        batch.Landmarks.FirstOrDefault(g => g.Layout == LandmarkLayout.Ibug68) is { } group ? loss(group) : zeros(1).squeeze();

    static Tensor? Map(LandmarkLayout layout)
    {
        if (layout == LandmarkLayout.Ibug68) return null;
        var map = new float[layout.Count * 68];
        for (int p = 0; p < layout.Count; p++)
            foreach (int k in layout.From68[p]) map[p * 68 + k] = 1f / layout.From68[p].Length;
        return tensor(map).view(layout.Count, 68);
    }
}
