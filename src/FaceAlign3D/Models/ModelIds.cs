namespace FaceAlign3D.Models;

/// <summary>The id of every model in <see cref="ModelManifest"/>, spelled once.</summary>
public static class ModelIds
{
    public const string TddfaMb05 = "tddfa-mb05";
    public const string Mb05FineTuned = "facealign-mb05-ft";
    public const string FaceBoxes = "faceboxes";
    public const string UltraLight320 = "ultralight-rfb-320";
    public const string UltraLight640 = "ultralight-rfb-640";
    public const string Bfm3ddfa = "bfm-3ddfa-v2";
    public const string IctFaceKit = "ict-facekit";
    public const string MediaPipeFaceMesh = "mediapipe-face-mesh-npm";
}

/// <summary>One file of one manifest model: the model id and the file's path under a models folder.</summary>
public sealed record ModelFileId(string ModelId, string Path)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>Every model file the toolkit opens, spelled once; the manifest pins their checksums.</summary>
public static class ModelFiles
{
    public static readonly ModelFileId TddfaRegressor = new(ModelIds.TddfaMb05, "tddfa_v2/mb05_120x120.onnx");
    public static readonly ModelFileId Mb05FineTuned = new(ModelIds.Mb05FineTuned, "facealign-mb05-ft/facealign-mb05-ft.onnx");
    public static readonly ModelFileId FaceBoxes = new(ModelIds.FaceBoxes, "tddfa_v2/faceboxes_prod.onnx");
    public static readonly ModelFileId UltraLight320 = new(ModelIds.UltraLight320, "ultralight/version-RFB-320.onnx");
    public static readonly ModelFileId UltraLight640 = new(ModelIds.UltraLight640, "ultralight/version-RFB-640.onnx");
    public static readonly ModelFileId Bfm3ddfa = new(ModelIds.Bfm3ddfa, "tddfa_v2/bfm_3ddfa_v2.safetensors");
    public static readonly ModelFileId IctModel = new(ModelIds.IctFaceKit, "ict_facekit/ict_face_model.safetensors");
    public static readonly ModelFileId IctMetadata = new(ModelIds.IctFaceKit, "ict_facekit/ict_face_model.json");
    public static readonly ModelFileId MediaPipeFaceLandmark = new(ModelIds.MediaPipeFaceMesh, "mediapipe/face_mesh/face_landmark.tflite");
    public static readonly ModelFileId MediaPipeFaceLandmarkWithAttention = new(ModelIds.MediaPipeFaceMesh, "mediapipe/face_mesh/face_landmark_with_attention.tflite");
    public static readonly ModelFileId MediaPipeFaceDetection = new(ModelIds.MediaPipeFaceMesh, "mediapipe/face_mesh/face_detection_short_range.tflite");
    public static readonly ModelFileId MediaPipeGeometryMetadata = new(ModelIds.MediaPipeFaceMesh, "mediapipe/face_mesh/geometry_pipeline_metadata_landmarks.binarypb");

    /// <summary>The 62-parameter regressors with mb05_120x120.onnx's contract, which the tddfa aligner can run by model id.</summary>
    public static IReadOnlyList<ModelFileId> TddfaRegressors { get; } = [TddfaRegressor, Mb05FineTuned];
}
