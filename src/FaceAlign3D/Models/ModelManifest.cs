namespace FaceAlign3D.Models;

/// <summary>
/// The models FaceAlign3D knows, with pinned checksums. Paths are relative to a models folder; the layout is
/// the one of ../shared/models, plus mediapipe/face_mesh/ for the files unpacked from npm.
/// </summary>
internal static class ModelManifest
{
    private const string SharedHint =
        "copy the folder from a FaceAlign3D models distribution (../shared/models) into ./models or point FACEALIGN3D_MODELS at it";

    public static IReadOnlyList<ModelEntry> All { get; } =
    [
        new(ModelIds.TddfaMb05,
            "3DDFA_V2 MobileNetV1 x0.5 regressor: 120x120 BGR crop -> 62 normalised 3DMM parameters",
            "MIT (code); weights trained on 300W-LP, which derives from the Basel Face Model (non-commercial research)",
            "cleardusk/3DDFA_V2 weights/mb05_120x120.pth, exported to ONNX",
            [new(ModelFiles.TddfaRegressor.Path, "4b0546e2fd13567917956efa8658b6d71fcae0f9c127fbbeb66c64bd341a9c6a", 3387582)],
            SharedHint),
        new(ModelIds.Mb05FineTuned,
            "mb05 fine-tuned by FaceAlign3D (same MobileNetV1 x0.5 graph and contract): 120x120 BGR crop -> 62 normalised 3DMM parameters",
            "trained on research-only data (AFLW, 300-W) from weights trained on 300W-LP (Basel Face Model, non-commercial research): research use only; models/facealign-mb05-ft/README.md",
            "this repository, models/facealign-mb05-ft (docs/training.md has the config and the command)",
            [new(ModelFiles.Mb05FineTuned.Path, "e7a46d5727ccd75ffa62b1d87f9262984402732e23a1c015889b76d1d8a27f7a", 3387010)],
            "it ships in this repository's models/ folder; run from a clone, or copy models/facealign-mb05-ft into a models folder"),
        new(ModelIds.FaceBoxes,
            "FaceBoxes face detector as used by 3DDFA_V2 (dynamic input, BGR minus 104,117,123)",
            "MIT",
            "cleardusk/3DDFA_V2 FaceBoxes/weights/FaceBoxesProd.pth, exported to ONNX",
            [new(ModelFiles.FaceBoxes.Path, "442fbdae238a54d8d29edaeb3eb7c28e468567fff6704e982923f6e8d85ab33b", 4034226)],
            SharedHint),
        new(ModelIds.UltraLight320,
            "Ultra-Light-Fast-Generic-Face-Detector-1MB, RFB variant, 320x240 input",
            "MIT",
            "Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB models/onnx/version-RFB-320.onnx",
            [new(ModelFiles.UltraLight320.Path, "34cd7e60aeff28744c657de7a3dc64e872d506741de66987f3426f2b79f88017", 1270727)],
            SharedHint),
        new(ModelIds.UltraLight640,
            "Ultra-Light-Fast-Generic-Face-Detector-1MB, RFB variant, 640x480 input",
            "MIT",
            "Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB models/onnx/version-RFB-640.onnx",
            [new(ModelFiles.UltraLight640.Path, "8f4c659275977e7a3bfbfa339a9c769ad793df50f9c0baa8c14b11baa1646430", 1588012)],
            SharedHint),
        new(ModelIds.Bfm3ddfa,
            "BFM pieces of 3DDFA_V2: parameter mean/std, sparse 68-point bases, dense mean mesh and triangles",
            "Basel Face Model licence: non-commercial research only",
            "cleardusk/3DDFA and cleardusk/3DDFA_V2 configs (param_mean_std_62d_120x120.pkl, bfm_noneck_v3.pkl, tri.pkl), converted to safetensors",
            [new(ModelFiles.Bfm3ddfa.Path, "e3decda686ffd6922b6598a182785d24934df52dc508a6c426b95a18b77e8ff4", 1416440)],
            SharedHint),
        new(ModelIds.IctFaceKit,
            "ICT Face Model Light: neutral mesh, 100 identity modes, 53 expression blendshapes, topology and landmarks",
            "MIT",
            "ICT-VGL/ICT-FaceKit FaceXModel, converted from its OBJ files",
            [
                new(ModelFiles.IctModel.Path, "3ecb1bc739ef65b7f6a08ec9f13e4f21e38a6baffd6515b3145b894de91d11d6", 50453160),
                new(ModelFiles.IctMetadata.Path, "fb2e2133faec478a1074f49fac195039f487f65d1662720569b71566a2198c90", 271104),
            ],
            SharedHint),
        new(ModelIds.MediaPipeFaceMesh,
            "MediaPipe Face Mesh (468/478 landmarks, with attention), BlazeFace short-range detector and the face geometry metadata",
            "Apache-2.0",
            "npm @mediapipe/face_mesh@0.4.1633559619 (face_mesh_solution_packed_assets.data, split at the offsets of its loader script)",
            [
                new(ModelFiles.MediaPipeFaceLandmark.Path, "c603fa6149219a3e9487dc9abd7a0c24474c77263273d24868378cdf40aa26d1", 1241896),
                new(ModelFiles.MediaPipeFaceLandmarkWithAttention.Path, "883b7411747bac657c30c462d305d312e9dec6adbf8b85e2f5d8d722fca9455d", 2495952),
                new(ModelFiles.MediaPipeFaceDetection.Path, "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633", 229032),
                new(ModelFiles.MediaPipeGeometryMetadata.Path, "bdbcda96dfcb7da883da124aaa2c55dee49770d934f0fcc71747f8c21bdc75b4", 19376),
            ],
            "run `facealign models fetch mediapipe-face-mesh-npm --into models` (it calls `npm pack @mediapipe/face_mesh@0.4.1633559619`; needs npm and access to the npm registry) or place the four files in <models>/mediapipe/face_mesh/",
            new NpmPackage("@mediapipe/face_mesh", "0.4.1633559619", "a65c9a7509560f29e574c026dc6a667d2154617eb3ba0c287db02350de0c116f")),
    ];

    public static ModelEntry Get(string id) =>
        All.FirstOrDefault(m => m.Id == id)
        ?? throw new ArgumentException($"unknown model id '{id}'; known: {string.Join(", ", All.Select(m => m.Id))}", nameof(id));
}
