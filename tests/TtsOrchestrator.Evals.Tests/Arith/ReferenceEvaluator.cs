namespace TtsOrchestrator.Evals.Tests.Arith;

/// <summary>An independent recursive-descent evaluator (expr := term (('+'|'-') term)*, term := num ('*' num)*) to check generated answers against.</summary>
internal static class ReferenceEvaluator
{
    public static long Evaluate(string expression)
    {
        var position = 0;
        var value = Term(expression, ref position);
        while (position < expression.Length)
        {
            var op = expression[position++];
            var term = Term(expression, ref position);
            value = op == '+' ? value + term : value - term;
        }
        return value;
    }

    private static long Term(string s, ref int position)
    {
        var value = Number(s, ref position);
        while (position < s.Length && s[position] == '*')
        {
            position++;
            value *= Number(s, ref position);
        }
        return value;
    }

    private static long Number(string s, ref int position)
    {
        var start = position;
        while (position < s.Length && char.IsAsciiDigit(s[position])) position++;
        return long.Parse(s[start..position]);
    }
}
