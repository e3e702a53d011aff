namespace ApiThreat.Engine.DigitalRisk.Secrets.Verification;

/// <summary>
/// The read-only identity endpoint each verifier asks (Find-ExposedSecret -Verify): the providers' own by default,
/// each replaceable (an enterprise GitHub or GitLab, a private npm registry, a test stub).
/// </summary>
public sealed class VerifierEndpoints
{
    public Uri GitHub { get; init; } = new("https://api.github.com/user");
    public Uri GitLab { get; init; } = new("https://gitlab.com/api/v4/user");
    public Uri Npm { get; init; } = new("https://registry.npmjs.org/-/whoami");
    public Uri Slack { get; init; } = new("https://slack.com/api/auth.test");
    public Uri Stripe { get; init; } = new("https://api.stripe.com/v1/account");
    public Uri SendGrid { get; init; } = new("https://api.sendgrid.com/v3/scopes");
    /// <summary>AWS STS (GetCallerIdentity, signed with Signature Version 4 for us-east-1).</summary>
    public Uri AwsSts { get; init; } = new("https://sts.amazonaws.com/");

    public Uri For(string kind) => kind switch
    {
        "github" => GitHub,
        "gitlab" => GitLab,
        "npm" => Npm,
        "slack" => Slack,
        "stripe" => Stripe,
        "sendgrid" => SendGrid,
        "aws" => AwsSts,
        _ => throw new ArgumentException($"No verifier '{kind}'."),
    };

    public IEnumerable<Uri> All => new[] { GitHub, GitLab, Npm, Slack, Stripe, SendGrid, AwsSts };
}
