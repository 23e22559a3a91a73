using System.Runtime.ExceptionServices;
using Spectre.Console;

namespace FaceAlign3D.Cli;

/// <summary>A parallel loop over items with a progress bar when the console is interactive and there is more than one item.</summary>
internal static class ParallelProgress
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1; an exception that stops the loop is rethrown as itself (the first, if several workers failed), so the caller can report it.</summary>
    public static void For(CliServices services, string label, int count, int workers, Action<int> body)
    {
        try
        {
            Loop(services, label, count, workers, body);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private static void Loop(CliServices services, string label, int count, int workers, Action<int> body)
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
