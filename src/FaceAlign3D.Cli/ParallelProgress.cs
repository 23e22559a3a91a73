using Spectre.Console;

namespace FaceAlign3D.Cli;

/// <summary>A parallel loop over items with a progress bar when the console is interactive and there is more than one item.</summary>
internal static class ParallelProgress
{
    public static void For(CliServices services, string label, int count, int workers, Action<int> body)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = workers };
        if (count > 1 && services.Ansi.Profile.Capabilities.Interactive)
            services.Ansi.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: count);
                Parallel.For(0, count, parallel, i =>
                {
                    body(i);
                    task.Increment(1);
                });
            });
        else
            Parallel.For(0, count, parallel, body);
    }
}
