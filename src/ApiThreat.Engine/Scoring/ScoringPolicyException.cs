namespace ApiThreat.Engine.Scoring;

/// <summary>A scoring policy file that cannot be used: names the file, the field and, when known, the line.</summary>
public sealed class ScoringPolicyException : Exception
{
    public ScoringPolicyException(string source, string field, int? line, string problem, Exception? inner = null)
        : base(Format(source, field, line, problem), inner)
    {
        PolicyPath = source;
        Field = field;
        Line = line;
    }

    /// <summary>The policy file (or "(built-in)").</summary>
    public string PolicyPath { get; }
    /// <summary>The JSON path of the offending field, e.g. factors.Takeover.weight.</summary>
    public string Field { get; }
    public int? Line { get; }

    private static string Format(string source, string field, int? line, string problem) =>
        $"Scoring policy '{source}'{(line is > 0 ? $" line {line}" : "")}: {(string.IsNullOrEmpty(field) ? "" : $"'{field}' ")}{problem}";
}
