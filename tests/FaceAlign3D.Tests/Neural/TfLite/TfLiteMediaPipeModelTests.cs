using FaceAlign3D.Formats;
using FaceAlign3D.Neural.Formats.TfLite;
using FaceAlign3D.Neural;

namespace FaceAlign3D.Tests.Neural.TfLite;

/// <summary>MediaPipe's face models read, convert to NCHW and plan on the engine (the attention variant is refused).</summary>
[Trait(TestNeeds.Trait, TestNeeds.Shared)]
public class TfLiteMediaPipeModelTests
{
    [Fact]
    public void Face_detection_model_plans_with_nchw_input_and_its_two_outputs()
    {
        using var session = InferenceSession.Create(TfLiteModelReader.Read(MediaPipeModelFiles.PathOf(MediaPipeModelFiles.FaceDetection)));
        Assert.Equal([1, 3, 128, 128], session.Inputs[0].Shape);
        Assert.Equal(["regressors", "classificators"], session.Outputs.Select(o => o.Name));
        Assert.Equal([1, 896, 16], session.Outputs[0].Shape);
        Assert.Equal([1, 896, 1], session.Outputs[1].Shape);
    }

    [Fact]
    public void Face_landmark_model_plans_with_nchw_input_and_mesh_and_flag_outputs()
    {
        using var session = InferenceSession.Create(TfLiteModelReader.Read(MediaPipeModelFiles.PathOf(MediaPipeModelFiles.FaceLandmark)));
        Assert.Equal([1, 3, 192, 192], session.Inputs[0].Shape);
        Assert.Equal([1, 1404, 1, 1], session.Outputs[0].Shape);
        Assert.Equal([1, 1, 1, 1], session.Outputs[1].Shape);
    }

    [Fact]
    public void Attention_mesh_model_is_refused_naming_its_custom_operator()
    {
        // face_landmark_with_attention needs MediaPipe's custom crop-and-transform operators, which the engine lacks.
        var e = Assert.Throws<ModelFormatException>(() => TfLiteModelReader.Read(MediaPipeModelFiles.PathOf(MediaPipeModelFiles.FaceLandmarkWithAttention)));
        Assert.Contains("CUSTOM 'Landmarks2TransformMatrix'", e.Message);
    }
}
