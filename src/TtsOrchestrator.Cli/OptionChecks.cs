using TtsOrchestrator.Core;

namespace TtsOrchestrator.Cli;

/// <summary>
/// Checks option values at the command-line boundary and gathers every problem, so a command reports
/// them all in one line (exit code 2) before anything slow, such as loading a model, starts.
/// </summary>
internal sealed class OptionChecks
{
    private readonly List<string> _problems = [];

    /// <summary>Notes <paramref name="problem"/> unless <paramref name="ok"/>.</summary>
    public void Require(bool ok, string problem)
    {
        if (!ok) _problems.Add(problem);
    }

    /// <summary>The value as given; when it is set and not <paramref name="ok"/>, <paramref name="problem"/> is noted.</summary>
    public T? Check<T>(T? value, Func<T, bool> ok, string problem) where T : struct
    {
        Require(value is not { } v || ok(v), problem);
        return value;
    }

    /// <summary>The value as given; a value of zero or less is noted as a problem.</summary>
    public T? Positive<T>(T? value, string option) where T : struct, IComparable<T> =>
        Check(value, v => v.CompareTo(default) > 0, $"{option} {value} must be greater than 0");

    /// <summary>A duration in seconds; anything but a positive finite number is noted (and gives null).</summary>
    public TimeSpan? Seconds(double? value, string option)
    {
        if (value is not { } s) return null;
        var ok = s > 0 && double.IsFinite(s);
        Require(ok, $"{option} {s} must be a positive number of seconds");
        return ok ? TimeSpan.FromSeconds(s) : null;
    }

    /// <summary>Throws one usage error listing every problem noted, if there are any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0) throw new UserInputException(string.Join("; ", _problems), ExitCodes.Usage);
    }
}
