using FaceAlign3D.Fitting;
using FaceAlign3D.Morphable.IctFaceKit;

namespace FaceAlign3D.Export;

/// <summary>The files written for one fitted face, and the analysis they hold.</summary>
internal sealed record FitOutputFiles(string Json, string Obj, string Ply, FitAnalysis Analysis);

/// <summary>
/// Writes every output of one fitted face next to <c>stem</c>: <c>stem.fit.json</c>, <c>stem.fit.obj</c> (model
/// space, cm, with UVs) and <c>stem.fit.ply</c> (the same mesh, vertex colours = facial tension).
/// </summary>
internal static class FitOutputWriter
{
    public static FitOutputFiles Write(string stem, FitJsonContext context, FitResult fit, IctFaceModel model, IctUvLayout uvs,
        double tensionScale = FitAnalysis.DefaultTensionScale)
    {
        var analysis = FitAnalysis.Compute(model, fit, tensionScale);
        string json = stem + ".fit.json", obj = stem + ".fit.obj", ply = stem + ".fit.ply";
        string comment = $"FaceAlign3D ICT-FaceKit fit of face {context.Face} in {Path.GetFileName(context.Source)}; model space, centimetres (x = subject's left, y up, z toward the viewer)";
        FitMeshWriter.WriteObj(obj, analysis.Vertices, model.Topology, uvs, comment);
        FitMeshWriter.WritePly(ply, analysis.Vertices, model.Topology, FitTensionColorMap.Colors(analysis.Tension),
            comment + $"\nvertex colour = facial tension, k = {tensionScale} /cm: blue -1 (stretched), white 0, red +1 (compressed)");
        var files = new Dictionary<string, string> { ["obj"] = Path.GetFileName(obj), ["ply"] = Path.GetFileName(ply) };
        FitJsonWriter.Write(json, context with { Files = files }, fit, analysis);
        return new FitOutputFiles(json, obj, ply, analysis);
    }
}
