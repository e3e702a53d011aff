namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>How a secret reads in findings and messages: type, masked value, where, what its format check saw. Never the value.</summary>
public static class SecretText
{
    public static string Location(ExposedSecret s) =>
        (s.SourceName is { Length: > 0 } name ? $"{name} " : "") + $"line {s.Line}, column {s.Column}";

    public static string Describe(ExposedSecret s)
    {
        var where = s.Source switch
        {
            SecretSource.SourceMap => "the source map",
            SecretSource.HtmlComment => "an HTML comment of",
            SecretSource.ErrorPage => "the error page",
            SecretSource.WellKnownFile => "the file",
            SecretSource.ApiDescription => "the API description",
            SecretSource.Script => "the script",
            SecretSource.File => "the file",
            _ => "",
        };
        var text = $"{s.Name} {s.MaskedValue} in {where} {s.Url} at {Location(s)}".Replace("in  ", "in ", StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(s.Detail)) text += $"; {s.Detail}";
        if (!string.IsNullOrEmpty(s.PairedWith)) text += $"; with its {s.PairedWith}";
        return text + $"; confidence {s.Confidence}";
    }
}
