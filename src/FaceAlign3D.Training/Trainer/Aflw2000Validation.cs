using FaceAlign3D.Alignment;
using FaceAlign3D.Evaluation;
using FaceAlign3D.Evaluation.Datasets;
using FaceAlign3D.Evaluation.Live;
using FaceAlign3D.Evaluation.Reports;
using FaceAlign3D.Morphable;
using FaceAlign3D.Training.Networks;
using static TorchSharp.torch;

namespace FaceAlign3D.Training.Trainer;

/// <summary>
/// Scores a network on AFLW2000-3D with the 3DDFA protocol through the project's own evaluation code
/// (<see cref="TddfaCropPredictor"/> and <see cref="Aflw2000Evaluator"/>), the network in eval mode (it stays there; the trainer sets the mode each epoch).
/// </summary>
internal sealed class Aflw2000Validation(Aflw2000Dataset dataset, Bfm3ddfa model)
{
    public EvaluationReport Evaluate(RegressorNetwork network)
    {
        network.eval();
        var reconstruction = new TddfaReconstruction(model);
        var predictions = LivePredictions.Run(dataset, () => new TddfaCropPredictor(new TddfaAligner(Forward(network), reconstruction)), threads: 1);
        return new Aflw2000Evaluator(dataset).Evaluate(predictions);
    }

    static Detection.NetworkFunction Forward(RegressorNetwork network) => (input, shape) =>
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = network.call(tensor(input).view(shape.Select(d => (long)d).ToArray())).Params;
        return [output.data<float>().ToArray()];
    };
}
