namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>What the secret checks are given: one reported secret (already masked) and the rule of its type.</summary>
public sealed record SecretEvidence(ExposedSecret Secret, ThreatRule Rule);

/// <summary>
/// A secret found in one resource, on its way out: the output object (masked) and, for -Verify only, the plain
/// value(s) it was made from. Nothing outside the engine sees the values; they go when this goes.
/// </summary>
public sealed class FoundSecret
{
    internal FoundSecret(ExposedSecret secret, ThreatRule rule, string? verify, SecretMatch match, SecretMatch? partner)
    {
        Secret = secret;
        Rule = rule;
        Verify = verify;
        Match = match;
        Partner = partner;
    }

    public ExposedSecret Secret { get; }
    public ThreatRule Rule { get; }
    /// <summary>The verifier that can check it (github, aws...), or null.</summary>
    public string? Verify { get; }
    internal SecretMatch Match { get; }
    /// <summary>The second half of a pair (the AWS secret access key beside its key ID).</summary>
    internal SecretMatch? Partner { get; }

    /// <summary>Runs the secret checks and attaches their findings; call once, after any verification.</summary>
    public ExposedSecret Finish(Action<string>? debug = null)
    {
        Secret.Findings = Rules.Checks<SecretEvidence>.Run(new SecretEvidence(Secret, Rule), debug).ToArray();
        return Secret;
    }
}
