using System.Management.Automation;
using ApiThreat.Engine.DigitalRisk.Secrets;
using ApiThreat.Engine.DigitalRisk.Secrets.Verification;
using ApiThreat.Engine.Text;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Base of a cmdlet that can check the secrets it finds: -Verify, each provider's identity endpoint it asks
/// (GitHub Enterprise, a self-managed GitLab, a private npm registry, a test stub), and the verifier they make, which
/// asks for confirmation per secret on the pipeline thread.
/// </summary>
public abstract class SecretVerificationCmdlet : NetworkCmdlet
{
    /// <summary>Ask each secret's provider (read-only identity endpoint) whether it works; asks for confirmation per secret (-WhatIf: none sent).</summary>
    [Parameter]
    public SwitchParameter Verify { get; set; }

    /// <summary>GitHub's user endpoint for -Verify (default https://api.github.com/user; GitHub Enterprise: https://host/api/v3/user).</summary>
    [Parameter]
    public Uri? GitHubApiUri { get; set; }

    /// <summary>GitLab's user endpoint for -Verify (default https://gitlab.com/api/v4/user).</summary>
    [Parameter]
    public Uri? GitLabApiUri { get; set; }

    /// <summary>The npm registry's whoami endpoint for -Verify (default https://registry.npmjs.org/-/whoami).</summary>
    [Parameter]
    public Uri? NpmRegistryUri { get; set; }

    /// <summary>Slack's auth.test endpoint for -Verify (default https://slack.com/api/auth.test).</summary>
    [Parameter]
    public Uri? SlackApiUri { get; set; }

    /// <summary>Stripe's account endpoint for -Verify (default https://api.stripe.com/v1/account).</summary>
    [Parameter]
    public Uri? StripeApiUri { get; set; }

    /// <summary>SendGrid's scopes endpoint for -Verify (default https://api.sendgrid.com/v3/scopes).</summary>
    [Parameter]
    public Uri? SendGridApiUri { get; set; }

    /// <summary>AWS STS for -Verify (GetCallerIdentity, default https://sts.amazonaws.com/).</summary>
    [Parameter]
    public Uri? AwsStsUri { get; set; }

    /// <summary>The verifier -Verify asks for (null without it); an endpoint that is not http(s) terminates (InvalidVerifierEndpoint).</summary>
    protected SecretVerifier? CreateVerifier()
    {
        if (!Verify.IsPresent) return null;
        try
        {
            return new SecretVerifier(Network, VerifierEndpointParameters.Resolve(GitHubApiUri, GitLabApiUri, NpmRegistryUri, SlackApiUri, StripeApiUri, SendGridApiUri, AwsStsUri));
        }
        catch (InvalidVerifierEndpointException ex)
        {
            ThrowTerminatingError(InputErrors.Parameter(ex.Message, "InvalidVerifierEndpoint", ex.Given, ex.Fix));
            return null;
        }
    }

    /// <summary>ShouldProcess on the pipeline thread, per secret, naming where it would be sent (masked).</summary>
    protected async Task<bool> ApproveVerificationAsync(FoundSecret found, Uri endpoint, CancellationToken ct)
    {
        var approved = false;
        var s = found.Secret;
        await RunOnPipelineThreadAsync(() => approved = ShouldProcess($"{s.Type} {s.MaskedValue} at {s.Url}:{s.Line}:{s.Column}",
            $"Send the secret to {TextSafety.RedactUri(endpoint)} to check that it works"), ct).ConfigureAwait(false);
        return approved;
    }
}
