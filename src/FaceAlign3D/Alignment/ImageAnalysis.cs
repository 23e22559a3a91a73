using FaceAlign3D.Detection;

namespace FaceAlign3D.Alignment;

/// <summary>One face found and aligned in an image, with its dense mesh when it was asked for.</summary>
public sealed record AnalyzedFace(FaceBox Detection, FaceAlignment Alignment, FaceMesh? Mesh = null)
{
    /// <summary>Time spent building <see cref="Mesh"/>.</summary>
    public TimeSpan MeshTime { get; init; }
}

/// <summary>Every face of one image, with how long each stage took.</summary>
public sealed record ImageAnalysis(int Width, int Height, IReadOnlyList<AnalyzedFace> Faces, TimeSpan DetectTime, TimeSpan AlignTime)
{
    /// <summary>Time spent decoding the image, when the analysis started from a file.</summary>
    public TimeSpan DecodeTime { get; init; }

    /// <summary>Every stage's time summed over the faces, as each stage measured it.</summary>
    public AnalysisStageTimes Stages
    {
        get
        {
            var align = Faces.Aggregate(default(AlignStageTimes), (sum, f) => sum + f.Alignment.Times);
            var mesh = Faces.Aggregate(TimeSpan.Zero, (sum, f) => sum + f.MeshTime);
            return new AnalysisStageTimes(DecodeTime, DetectTime, align, mesh);
        }
    }
}

/// <summary>The stages of analysing one image: decode, detect, the aligner's own stages summed over faces, dense mesh.</summary>
public sealed record AnalysisStageTimes(TimeSpan Decode, TimeSpan Detect, AlignStageTimes Align, TimeSpan DenseMesh)
{
    public TimeSpan Total => Decode + Detect + Align.Total + DenseMesh;
}
