namespace TtsOrchestrator.Core.Generation;

/// <summary>Derives independent, reproducible seeds for numbered streams from one root seed.</summary>
public static class Seeds
{
    /// <summary>SplitMix64 of (root, stream): stream i of a root seed is the same on every run and platform.</summary>
    public static ulong Derive(ulong root, int stream)
    {
        var z = root + 0x9E3779B97F4A7C15UL * (ulong)(stream + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
