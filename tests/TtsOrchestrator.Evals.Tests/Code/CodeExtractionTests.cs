using TtsOrchestrator.Evals.Code;

namespace TtsOrchestrator.Evals.Tests.Code;

public class CodeExtractionTests
{
    private const string Prompt = "from typing import List\n\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum of xs.\"\"\"\n";

    [Fact]
    public void The_last_python_block_wins_over_earlier_and_untagged_blocks()
    {
        var completion = "First try:\n```python\ndef f():\n    return 1\n```\nOutput:\n```\n1\n```\nBetter:\n```python\ndef f():\n    return 2\n```\nDone.";
        Assert.Equal("def f():\n    return 2", CodeExtraction.FromCompletion(completion));
    }

    [Fact]
    public void Py_tags_and_untagged_blocks_count_when_there_is_no_python_block()
    {
        Assert.Equal("x = 1", CodeExtraction.FromCompletion("```py\nx = 1\n```"));
        Assert.Equal("x = 2", CodeExtraction.FromCompletion("Here:\n```\nx = 2\n```"));
    }

    [Fact]
    public void A_block_cut_off_by_the_token_limit_is_read_to_the_end()
    {
        Assert.Equal("def f():\n    return 3", CodeExtraction.FromCompletion("Sure.\n```python\ndef f():\n    return 3\n"));
    }

    [Fact]
    public void Text_without_fences_is_code_as_it_is_and_keeps_its_indentation()
    {
        Assert.Equal("    return sum(xs)", CodeExtraction.FromCompletion("\n\n    return sum(xs)\n\n"));
        Assert.Null(CodeExtraction.FromCompletion("  \n "));
        Assert.Null(CodeExtraction.FromCompletion(null));
        Assert.Null(CodeExtraction.FromCompletion("```python\n\n```"));
    }

    [Fact]
    public void A_humaneval_body_continues_the_prompt()
    {
        Assert.Equal(Prompt + "    return sum(xs)\n", CodeExtraction.ForHumanEval("    return sum(xs)\n", Prompt, "total"));
    }

    [Fact]
    public void A_humaneval_body_without_indentation_is_indented()
    {
        Assert.Equal(Prompt + "    s = 0\n    for x in xs:\n        s += x\n    return s\n",
            CodeExtraction.ForHumanEval("s = 0\nfor x in xs:\n    s += x\nreturn s", Prompt, "total"));
    }

    [Fact]
    public void A_whole_humaneval_function_follows_the_prompt_and_replaces_its_stub()
    {
        var completion = "Here is the function:\n```python\ndef total(xs):\n    return sum(xs)\n```";
        Assert.Equal(Prompt + "\ndef total(xs):\n    return sum(xs)\n", CodeExtraction.ForHumanEval(completion, Prompt, "total"));
    }

    [Fact]
    public void A_nested_def_of_the_same_name_is_still_a_body()
    {
        Assert.False(CodeExtraction.DefinesTopLevel("    def total(y):\n        return y\n    return total(1)", "total"));
        Assert.True(CodeExtraction.DefinesTopLevel("import math\n\ndef total (xs):\n    pass", "total"));
        Assert.False(CodeExtraction.DefinesTopLevel("def totals(xs):\n    pass", "total"));
    }

    [Fact]
    public void A_candidate_that_already_holds_the_prompt_is_kept()
    {
        var program = Prompt + "    return sum(xs)\n";
        Assert.Equal(program.TrimEnd(), CodeExtraction.ForHumanEval(program, Prompt, "total"));
        Assert.Null(CodeExtraction.ForHumanEval("", Prompt, "total"));
    }

    [Fact]
    public void Code_answers_vote_together_when_they_differ_only_in_layout_and_comments()
    {
        var format = CodeAnswerFormat.WholeProgram;
        Assert.Equal("x = 1", format.ExtractAnswer("```python\nx = 1\n```"));
        Assert.True(format.AreEquivalent("# set x\nx = 1  \n\n", "x = 1"));
        Assert.False(format.AreEquivalent("x = 1", "x = 2"));
    }
}
