namespace FaceAlign3D.Training.Trainer;

/// <summary>A one-line progress bar on a text writer (stderr): epoch, bar, batch, loss and images per second.</summary>
public sealed class ProgressLine(TextWriter writer)
{
    const int Width = 24;

    public void Update(int epoch, int epochs, int batch, int batches, double loss, double imagesPerSecond)
    {
        int filled = batches == 0 ? Width : (int)((long)Width * batch / batches);
        writer.Write($"\repoch {epoch + 1}/{epochs} [{new string('#', filled)}{new string('.', Width - filled)}] {batch}/{batches} loss {loss:G4} {imagesPerSecond:F1} img/s   ");
    }

    public void Finish(string summary) => writer.WriteLine("\r" + summary.PadRight(Width + 60));
}
