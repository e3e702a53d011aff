namespace ApiThreat.Engine.DigitalRisk.Secrets.Validation;

/// <summary>
/// AWS access key IDs: a 4-letter prefix that says what kind of key it is (AWS's documented unique-ID prefixes) and
/// 16 base32 characters (A-Z, 2-7).
/// </summary>
public static class AwsKeyId
{
    public static SecretVerdict Check(SecretCandidate c)
    {
        var v = c.Value;
        if (v.Length != 20) return SecretVerdict.Reject;
        foreach (var ch in v.AsSpan(4)) if (ch is not ((>= 'A' and <= 'Z') or (>= '2' and <= '7'))) return SecretVerdict.Reject;
        var kind = v[..4] switch
        {
            "AKIA" => "long-term access key of an IAM user or root",
            "ASIA" => "temporary (STS) access key: usable with its session token",
            "ABIA" => "STS service bearer token key",
            "ACCA" => "context-specific credential",
            _ => null,
        };
        return kind is null ? SecretVerdict.Reject : new SecretVerdict(true, kind);
    }
}
