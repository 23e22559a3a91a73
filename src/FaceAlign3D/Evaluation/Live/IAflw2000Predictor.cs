using FaceAlign3D.Evaluation.Datasets;

namespace FaceAlign3D.Evaluation.Live;

/// <summary>How a live aligner is fed the AFLW2000-3D images.</summary>
public enum Aflw2000Protocol
{
    /// <summary>
    /// 3DDFA / 3DDFA_V2 benchmark protocol: each 120x120 crop of crops_120/ is the network input as it is,
    /// and the landmarks are mapped back to image pixels with the sample's roi_box_3ddfa.
    /// </summary>
    Tddfa,

    /// <summary>What a user gets: the face detector runs on the full image in images/ and every face it finds is aligned.</summary>
    Detect,
}

/// <summary>
/// Predicts one AFLW2000-3D sample. An instance is used by one thread at a time (it may own engine sessions,
/// which serialise their runs); a live run creates one per worker thread.
/// </summary>
internal interface IAflw2000Predictor : IDisposable
{
    /// <summary>
    /// The prediction for <paramref name="sample"/>. Unusable inputs (missing or corrupt files, no roi box)
    /// throw <see cref="EvaluationDataException"/> or <see cref="Imaging.ImageFormatException"/>.
    /// </summary>
    ImagePrediction Predict(Aflw2000Dataset dataset, Aflw2000Sample sample);
}
