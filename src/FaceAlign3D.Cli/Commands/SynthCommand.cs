using System.CommandLine;
using FaceAlign3D.Pipeline;

namespace FaceAlign3D.Cli.Commands;

/// <summary>`facealign synth profile`: a dataset of photos re-rendered at new head poses, with exact ground truth (docs/synthesis.md).</summary>
public static class SynthCommand
{
    public static Command Create(CliServices services)
    {
        var from = new Option<string>("--from") { Description = "an align JSON, or a folder of images (iBUG .pts beside an image are used; other images are aligned first)", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "output folder", Required = true };
        var yaw = new Option<double?>("--yaw") { Description = "yaw in degrees (default: uniform in [-75, 75] per sample)" };
        var pitch = new Option<double?>("--pitch") { Description = "pitch in degrees (default: uniform in [-15, 15] per sample)" };
        var count = new Option<int>("--count") { Description = "samples to write (cycling over the source faces)", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "seed of the sampled angles", DefaultValueFactory = _ => 0 };
        var profile = new Command("profile", "Turn the faces of photos by a yaw and pitch (3D face profiling): images, annotations.json, contact_sheet.png")
        {
            from, output, yaw, pitch, count, seed,
        };
        profile.SetAction(parse => RunProfile(services, parse.GetValue(from)!, parse.GetValue(output)!, new ProfileSettings
        {
            Yaw = parse.GetValue(yaw),
            Pitch = parse.GetValue(pitch),
            Count = parse.GetValue(count),
            Seed = parse.GetValue(seed),
        }));
        return new Command("synth", "Synthesise datasets with exact ground truth by rendering") { profile };
    }

    private static int RunProfile(CliServices services, string from, string output, ProfileSettings settings)
    {
        try
        {
            var sources = SynthesisSources.Read(from);
            bool align = sources.Any(s => s.Faces is null);
            using var toolkit = FaceToolkit.Open(services.OpenStore(), analyzers: align ? 1 : 0, loadFaceModel: true);
            if (align)
                sources = SynthesisSources.AlignMissing(toolkit, sources);
            var run = EvalConsole.WithProgress(services, "profile", settings.Count, progress => ProfileDataset.Run(toolkit.Fitting, sources, settings, output, progress));
            services.Out.WriteLine($"{run.Samples} samples -> {run.Annotations}; contact sheet {run.ContactSheet}" +
                (run.SkippedSources > 0 ? $"; {run.SkippedSources} source images without a face" : ""));
            return 0;
        }
        catch (Exception e) when (CliErrors.IsUserError(e))
        {
            return CliErrors.Report(services.Error, e);
        }
    }
}
