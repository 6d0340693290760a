using TtsOrchestrator.Core.Problems;

namespace TtsOrchestrator.Core.Strategies;

/// <summary>Groups candidates by the task's answer equivalence and ranks the groups.</summary>
public static class AnswerVoting
{
    /// <summary>
    /// Answer groups, best first: higher total weight wins, and a tie goes to the group whose first
    /// supporter came earliest. Candidates without an answer do not vote. A group is represented by
    /// its first answer; a candidate joins the first group whose representative is equivalent.
    /// </summary>
    public static IReadOnlyList<AnswerVote> Tally(
        IEnumerable<Candidate> candidates, IAnswerFormat format, Func<Candidate, double>? weight = null)
    {
        var groups = new List<(string Answer, List<int> Supporters, double Weight)>();
        foreach (var c in candidates.Where(c => c.Answer is not null).OrderBy(c => c.Index))
        {
            var w = weight?.Invoke(c) ?? 1.0;
            if (double.IsNaN(w) || w < 0) throw new ArgumentException($"vote weight of candidate {c.Index} is {w}; weights must be >= 0");
            var g = groups.FindIndex(g => format.AreEquivalent(g.Answer, c.Answer!));
            if (g < 0) groups.Add((c.Answer!, [c.Index], w));
            else
            {
                groups[g].Supporters.Add(c.Index);
                groups[g] = groups[g] with { Weight = groups[g].Weight + w };
            }
        }
        var total = groups.Sum(g => g.Weight);
        return groups
            .OrderByDescending(g => g.Weight)
            .ThenBy(g => g.Supporters[0])
            .Select(g => new AnswerVote(g.Answer, g.Supporters.Count, g.Weight, total > 0 ? g.Weight / total : 0, g.Supporters))
            .ToList();
    }
}
