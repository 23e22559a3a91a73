using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Tests.Fitting;

/// <summary>The ICT face model from ../shared, loaded once for all tests that need it.</summary>
public static class IctTestModel
{
    private static readonly Lazy<IctFaceModel> Model = new(() =>
        IctFaceModelReader.Load(SharedData.PathOf("models", "ict_facekit", "ict_face_model.safetensors")));

    public static IctFaceModel Value => Model.Value;
}
