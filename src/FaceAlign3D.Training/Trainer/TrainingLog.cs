using System.Globalization;

namespace FaceAlign3D.Training.Trainer;

/// <summary>One epoch's line of the CSV log; epoch 0 is the starting network's validation (no training loss).</summary>
public sealed record EpochRecord(int Epoch, long Step, double LearningRate, double TrainLoss, double? ValidationNme, double ImagesPerSecond, double Seconds);

/// <summary>
/// train_log.csv (one row per epoch, appended so a resumed run continues it) and the loss/NME curves
/// drawn from it as PNG with ScottPlot.
/// </summary>
public sealed class TrainingLog(string folder)
{
    public const string CsvName = "train_log.csv";
    const string Header = "epoch,step,learning_rate,train_loss,val_nme,images_per_second,seconds";

    string CsvPath => Path.Combine(folder, CsvName);

    public void Append(EpochRecord r)
    {
        if (!File.Exists(CsvPath)) File.WriteAllText(CsvPath, Header + "\n");
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        File.AppendAllText(CsvPath, string.Join(",", r.Epoch, r.Step, F(r.LearningRate), F(r.TrainLoss),
            r.ValidationNme is { } nme ? F(nme) : "", F(r.ImagesPerSecond), F(r.Seconds)) + "\n");
    }

    /// <summary>Drops rows of epochs at or after <paramref name="epoch"/> (a resumed run redoes them).</summary>
    public void TruncateFrom(int epoch)
    {
        if (!File.Exists(CsvPath)) return;
        var kept = File.ReadAllLines(CsvPath).Where((line, i) => i == 0 || int.Parse(line.Split(',')[0], CultureInfo.InvariantCulture) < epoch);
        File.WriteAllLines(CsvPath, kept);
    }

    public IReadOnlyList<EpochRecord> Read()
    {
        if (!File.Exists(CsvPath)) return [];
        return File.ReadAllLines(CsvPath).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var c = line.Split(',');
            double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            return new EpochRecord(int.Parse(c[0], CultureInfo.InvariantCulture), long.Parse(c[1], CultureInfo.InvariantCulture), D(c[2]), D(c[3]),
                c[4].Length == 0 ? null : D(c[4]), D(c[5]), D(c[6]));
        }).ToArray();
    }

    /// <summary>loss.png and, when validated, nme.png.</summary>
    public void DrawCurves()
    {
        var rows = Read();
        var trained = rows.Where(r => r.Epoch > 0).ToArray();
        if (trained.Length > 0)
            Draw("loss.png", "training loss", "loss", trained.Select(r => (double)r.Epoch).ToArray(), trained.Select(r => r.TrainLoss).ToArray());
        var validated = rows.Where(r => r.ValidationNme is not null).ToArray();
        if (validated.Length > 0)
            Draw("nme.png", "AFLW2000-3D NME (3DDFA protocol)", "NME %", validated.Select(r => (double)r.Epoch).ToArray(), validated.Select(r => r.ValidationNme!.Value).ToArray());
    }

    void Draw(string file, string title, string yLabel, double[] x, double[] y)
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(x, y);
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.SavePng(Path.Combine(folder, file), 640, 400);
    }
}
