using System.Runtime.InteropServices;

namespace FaceAlign3D.Cli;

/// <summary>Runs a long command with a token that Ctrl+C (and, if asked, SIGTERM) cancels, so it can stop cleanly.</summary>
internal static class ConsoleCancellation
{
    public static int Run(Func<CancellationToken, int> body, bool onTerminate = false)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += stop;
        using var terminate = onTerminate ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); }) : null;
        try
        {
            return body(cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }
}
