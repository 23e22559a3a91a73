using System.CommandLine;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace FaceAlign3D.Cli.Commands;

/// <summary>
/// `facealign cluster silo|submit|status` (docs/cluster.md): parses the options and hands them to the cluster
/// assembly (Orleans), which is loaded for this command only.
/// </summary>
public static class ClusterCommand
{
    public static Command Create(CliServices services)
    {
        var clusterId = new Option<string>("--cluster-id") { Description = "cluster name (silos and clients of one cluster share it)", DefaultValueFactory = _ => "facealign" };
        var membership = new Option<string>("--membership") { Description = "localhost (one machine, silo 0 holds the membership) | postgres (ADO.NET table, many machines)", DefaultValueFactory = _ => "localhost" };
        membership.AcceptOnlyFromAmong("localhost", "postgres");
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string for --membership postgres" };
        var port = new Option<int>("--port") { Description = "base port: silo i listens on port + 2i, its gateway on port + 2i + 1", DefaultValueFactory = _ => 11111 };
        Option[] connection = [clusterId, membership, postgres, port];

        var instance = new Option<int>("--instance") { Description = "this silo's number on the machine (0: the localhost primary)", DefaultValueFactory = _ => 0 };
        var workers = new Option<int>("--workers") { Description = "images this silo aligns at once", DefaultValueFactory = _ => 1 };
        var silo = new Command("silo", "Run a silo that aligns the images of submitted jobs until stopped (Ctrl+C)") { instance, workers };

        var manifest = new Argument<string>("manifest") { Description = "text file: one image (or clip) path a line (relative to the manifest), # comments" };
        var output = new Option<string>("--output", "-o") { Description = "output folder every silo can reach; it is also the job's name", Required = true };
        var format = new Option<string>("--format") { Description = "comma-separated: json,png,obj,ply", DefaultValueFactory = _ => "json" };
        var aligner = new Option<string>("--aligner") { Description = "tddfa | mediapipe", DefaultValueFactory = _ => "tddfa" };
        var detector = new Option<string?>("--detector") { Description = "faceboxes | ultralight | ultralight640 | blazeface (default: the aligner's)" };
        var roi = new Option<string?>("--roi") { Description = "align this box x1,y1,x2,y2 in every image instead of detecting" };
        var lease = new Option<int>("--lease") { Description = "seconds a worker may hold an image before it is given to another", DefaultValueFactory = _ => 60 };
        var wait = new Option<bool>("--wait") { Description = "show the progress until the job finishes" };
        var track = new Option<bool>("--track") { Description = "the manifest lists clips (videos or image folders) to track, each into <output>/<clip name>/ (docs/tracking.md)" };
        var fit = new Option<string?>("--fit") { Description = "also fit a face model: ict (per face of an image, or per track of a clip)" };
        var noVideo = new Option<bool>("--no-video") { Description = "--track: skip the overlay videos" };
        var submit = new Command("submit", "Submit the images (or with --track the clips) of a manifest as a job") { manifest, output, format, aligner, detector, roi, track, fit, noVideo, lease, wait };

        var job = new Argument<string>("job") { Description = "the job's output folder" };
        var statusWait = new Option<bool>("--wait") { Description = "show the progress until the job finishes" };
        var status = new Command("status", "Show a job's progress and its failed images") { job, statusWait };

        foreach (var command in new[] { silo, submit, status })
            foreach (var option in connection)
                command.Options.Add(option);

        silo.SetAction(parse => Invoke(services, "Silo", parse.GetValue(clusterId), parse.GetValue(membership), parse.GetValue(postgres), parse.GetValue(port),
            parse.GetValue(instance), parse.GetValue(workers)));
        submit.SetAction(parse => Invoke(services, "Submit", parse.GetValue(manifest), parse.GetValue(output), parse.GetValue(format), parse.GetValue(aligner),
            parse.GetValue(detector), parse.GetValue(roi), parse.GetValue(track), parse.GetValue(fit), parse.GetValue(noVideo), parse.GetValue(lease), parse.GetValue(wait),
            parse.GetValue(clusterId), parse.GetValue(membership), parse.GetValue(postgres), parse.GetValue(port)));
        status.SetAction(parse => Invoke(services, "Status", parse.GetValue(job), parse.GetValue(statusWait),
            parse.GetValue(clusterId), parse.GetValue(membership), parse.GetValue(postgres), parse.GetValue(port)));
        return new Command("cluster", "Align (or track) a manifest of images (or clips) on an Orleans cluster of silos (docs/cluster.md)") { silo, submit, status };
    }

    /// <summary>
    /// Calls ClusterCommandLine.<paramref name="verb"/>(arguments..., output, error, cancellation) in the cluster
    /// assembly; SIGTERM stops a silo as Ctrl+C does (it leaves the cluster instead of being found dead).
    /// </summary>
    private static int Invoke(CliServices services, string verb, params object?[] arguments)
    {
        var method = PluginAssembly.Cluster.TryLoad("ClusterCommandLine", verb, out string searched);
        if (method is null)
            return CliErrors.Report(services.Error, PluginAssembly.Cluster.Missing(searched));
        return ConsoleCancellation.Run(cancel =>
        {
            try
            {
                return (int)method.Invoke(null, [.. arguments, services.Out, services.Error, cancel])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }, onTerminate: true);
    }
}
