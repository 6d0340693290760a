using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/TtsOrchestrator.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
