using System.Text.RegularExpressions;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>What a validator is given: the detector, the secret, the whole match (with its groups) and, for the
/// validators that read around it, the text near the match.</summary>
public sealed record SecretCandidate(SecretDetector Detector, string Value, string MatchText, Match? Match, string? Around)
{
    public string? Group(string name) => Match?.Groups[name] is { Success: true } g ? g.Value : null;
}

/// <summary>
/// A validator's answer: whether the value is the credential the detector names, what it saw (never the value), and
/// the severity, confidence or value (a service account's private key, not the whole file) it implies.
/// </summary>
public sealed record SecretVerdict(bool Valid, string? Detail = null, Severity? Severity = null, SecretConfidence? Confidence = null, string? Value = null)
{
    public static readonly SecretVerdict Accept = new(true);
    public static readonly SecretVerdict Reject = new(false);
}

/// <summary>The structure and checksum checks detectors name in their "validate" field, one small class each.</summary>
public static class SecretValidators
{
    public const string Crc32Base62 = "crc32-base62";

    private static readonly Dictionary<string, Func<SecretCandidate, SecretVerdict>> s_all = new(StringComparer.Ordinal)
    {
        [Crc32Base62] = TokenChecksum.Check,
        ["aws-key-id"] = AwsKeyId.Check,
        ["jwt"] = JwtStructure.Check,
        ["pem-private-key"] = PrivateKeyBlock.CheckPem,
        ["putty-private-key"] = PrivateKeyBlock.CheckPutty,
        ["gcp-service-account"] = ServiceAccountKey.Check,
        ["azure-sas"] = AzureSignature.CheckSas,
        ["base64-64"] = c => AzureSignature.CheckKeyLength(c, 64),
        ["base64-32"] = c => AzureSignature.CheckKeyLength(c, 32),
        ["bech32"] = Bech32.Check,
        ["uri-password"] = CredentialValue.CheckUriPassword,
        ["generic"] = CredentialValue.CheckGeneric,
        ["env"] = CredentialValue.CheckEnv,
        ["not-placeholder"] = _ => SecretVerdict.Accept,
        ["mixed-case"] = CredentialValue.CheckMixedCase,
        ["google-api-key"] = CredentialValue.CheckGoogleApiKey,
    };

    public static IReadOnlyCollection<string> Names => s_all.Keys;

    /// <summary>Validators that read the text around the match (the scanner copies it out only for them).</summary>
    public static bool NeedsContext(string? name) => name is "google-api-key";

    public static SecretVerdict Run(string? name, SecretCandidate candidate)
    {
        if (name is null) return SecretVerdict.Accept;
        try { return s_all[name](candidate); }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or System.Text.Json.JsonException or IndexOutOfRangeException)
        {
            return SecretVerdict.Reject; // hostile text that breaks a decoder is not a credential
        }
    }
}
