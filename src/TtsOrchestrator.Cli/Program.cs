using TtsOrchestrator.Cli;

return await TtsApp.CreateDefault().RunAsync(args, Console.Out, Console.Error);
