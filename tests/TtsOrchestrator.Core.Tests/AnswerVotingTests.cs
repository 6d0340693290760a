using TtsOrchestrator.Core.Generation;
using TtsOrchestrator.Core.Problems;
using TtsOrchestrator.Core.Strategies;

namespace TtsOrchestrator.Core.Tests;

public class AnswerVotingTests
{
    private static List<Candidate> Candidates(params string?[] answers) =>
        answers.Select((a, i) => new Candidate(i, $"text {i}", a, null, 10, FinishReason.EndOfText, null)).ToList();

    [Fact]
    public void Groups_equivalent_answers_and_keeps_the_first_spelling()
    {
        var votes = AnswerVoting.Tally(Candidates("0.5", "7", "1/2", "0.50"), FinalAnswerFormat.Instance);
        Assert.Equal("0.5", votes[0].Answer);
        Assert.Equal(3, votes[0].Count);
        Assert.Equal([0, 2, 3], votes[0].Supporters);
        Assert.Equal(0.75, votes[0].Share);
        Assert.Equal(("7", 1), (votes[1].Answer, votes[1].Count));
    }

    [Fact]
    public void A_tie_goes_to_the_answer_seen_first()
    {
        var votes = AnswerVoting.Tally(Candidates("9", "4", "4", "9"), FinalAnswerFormat.Instance);
        Assert.Equal(["9", "4"], votes.Select(v => v.Answer));
        Assert.Equal(votes[0].Share, votes[1].Share);
    }

    [Fact]
    public void Candidates_without_an_answer_do_not_vote()
    {
        var votes = AnswerVoting.Tally(Candidates(null, "3", null), FinalAnswerFormat.Instance);
        Assert.Equal(("3", 1, 1.0), (votes.Single().Answer, votes.Single().Count, votes.Single().Share));
        Assert.Empty(AnswerVoting.Tally(Candidates(null, null), FinalAnswerFormat.Instance));
    }

    [Fact]
    public void Weights_decide_over_counts_and_shares_sum_to_one()
    {
        var c = Candidates("1", "1", "2");
        var votes = AnswerVoting.Tally(c, FinalAnswerFormat.Instance, x => x.Index == 2 ? 5 : 1);
        Assert.Equal("2", votes[0].Answer);
        Assert.Equal(5.0 / 7, votes[0].Share, 12);
        Assert.Equal(1.0, votes.Sum(v => v.Share), 12);
    }

    [Fact]
    public void Negative_weights_are_rejected() =>
        Assert.Throws<ArgumentException>(() => AnswerVoting.Tally(Candidates("1"), FinalAnswerFormat.Instance, _ => -1));
}
