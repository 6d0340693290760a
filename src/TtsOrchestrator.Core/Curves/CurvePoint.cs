namespace TtsOrchestrator.Core.Curves;

/// <summary>
/// One point of a scaling curve at budget <paramref name="K"/> with its bootstrap interval, flat so a
/// front end can write it as JSON and plot it.
/// </summary>
public sealed record CurvePoint(int K, double Value, double Low, double High);
