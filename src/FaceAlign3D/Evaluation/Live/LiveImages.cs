using System.Numerics;
using FaceAlign3D.Alignment;
using FaceAlign3D.Detection;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Metrics;
using FaceAlign3D.Imaging;
using FaceAlign3D.Imaging.Codecs;

namespace FaceAlign3D.Evaluation.Live;

/// <summary>Shared steps of the live predictors: loading a dataset image and packing an alignment as a prediction.</summary>
internal static class LiveImages
{
    /// <summary>Decodes a dataset image; a missing file is an <see cref="EvaluationDataException"/> naming the folder.</summary>
    public static Image Load(string path, string folder)
    {
        if (!File.Exists(path))
            throw new EvaluationDataException($"{folder}/{Path.GetFileName(path)}", "file not found");
        return ImageDecoder.Load(path);
    }

    /// <summary>
    /// Packs a 3DDFA_V2 result; the pose is converted to the dataset's Pose_Para convention so the evaluator can
    /// compare angles (<see cref="Aflw2000Pose"/>).
    /// </summary>
    public static FacePrediction ToFacePrediction(IReadOnlyList<Vector3> landmarks, HeadPose pose, BoundingBox? box, float? score)
    {
        var coordinates = new double[3 * landmarks.Count];
        for (int i = 0; i < landmarks.Count; i++)
        {
            coordinates[3 * i] = landmarks[i].X;
            coordinates[3 * i + 1] = landmarks[i].Y;
            coordinates[3 * i + 2] = landmarks[i].Z;
        }
        double[]? boxValues = box is { } b ? [b.X1, b.Y1, b.X2, b.Y2] : null;
        return new FacePrediction(
            new LandmarkSet(coordinates, 3),
            boxValues,
            score,
            Aflw2000Pose.FromTddfaRotation(pose.Rotation),
            pose.Rotation);
    }
}
