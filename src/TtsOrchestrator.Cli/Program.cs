using System.Runtime.InteropServices;
using TtsOrchestrator.Cli;

// The first Ctrl+C or SIGTERM asks the command to stop: eval and sample keep every finished problem and still write
// their summary and report, which takes a moment. A second signal ends the process at once.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    if (stop.IsCancellationRequested) return;
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

return await TtsApp.CreateDefault().RunAsync(args, Console.Out, Console.Error, stop.Token);
