using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// A Google Cloud service account key file: an object with "type": "service_account", a PEM private key and a
/// client e-mail. Read field by field so that the same key is recognised as a JSON file, a JavaScript object literal,
/// or JSON escaped inside a string. The secret reported is the private key.
/// </summary>
public static class ServiceAccountKey
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    public static SecretVerdict Check(SecretCandidate c)
    {
        var text = c.Value.Contains("\\\"", StringComparison.Ordinal) ? c.Value.Replace("\\\"", "\"") : c.Value;
        if (Field(text, "type") != "service_account") return SecretVerdict.Reject;
        var key = Field(text, "private_key");
        var email = Field(text, "client_email");
        if (key is null || !key.Contains("PRIVATE KEY-----", StringComparison.Ordinal) || email is null || !email.Contains('@')) return SecretVerdict.Reject;
        var pem = PrivateKeyBlock.CheckPem(c with { Value = key.Trim() });
        if (!pem.Valid) return SecretVerdict.Reject;
        var project = Field(text, "project_id");
        var detail = $"client_email {Safe(email)}" + (project is null ? "" : $", project {Safe(project)}");
        return new SecretVerdict(true, detail, Value: key);
    }

    /// <summary>The string value of a field, quoted or not as a JavaScript object would have it.</summary>
    private static string? Field(string text, string name)
    {
        var m = Regex.Match(text, "[\"']?" + name + "[\"']?\\s*:\\s*[\"'](?<v>(?:[^\"'\\\\]|\\\\.)*)[\"']",
            RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, s_timeout);
        return m.Success ? m.Groups["v"].Value : null;
    }

    private static string Safe(string s) => Text.TextSafety.Truncate(Text.TextSafety.StripControl(s), 120);
}
