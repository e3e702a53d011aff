namespace ApiThreat.Engine.DigitalRisk.Secrets.Verification;

/// <summary>An endpoint given for -Verify that is not an http(s) URL: names its parameter and the provider's default as the fix.</summary>
public sealed class InvalidVerifierEndpointException : ArgumentException
{
    public InvalidVerifierEndpointException(string parameter, Uri given, Uri fallback) : base($"-{parameter} '{given}' is not an http(s) URL.")
    {
        Given = given;
        Fix = $"Give -{parameter} an endpoint URL such as {fallback}.";
    }

    public Uri Given { get; }

    public string Fix { get; }
}

/// <summary>Find-ExposedSecret's -*ApiUri parameters: each given endpoint checked, the providers' own for the rest.</summary>
public static class VerifierEndpointParameters
{
    /// <summary>The endpoints -Verify asks; throws <see cref="InvalidVerifierEndpointException"/> for the first given one that is not http(s).</summary>
    public static VerifierEndpoints Resolve(Uri? gitHub, Uri? gitLab, Uri? npm, Uri? slack, Uri? stripe, Uri? sendGrid, Uri? awsSts)
    {
        var defaults = new VerifierEndpoints();
        return new VerifierEndpoints
        {
            GitHub = Endpoint(gitHub, defaults.GitHub, "GitHubApiUri"),
            GitLab = Endpoint(gitLab, defaults.GitLab, "GitLabApiUri"),
            Npm = Endpoint(npm, defaults.Npm, "NpmRegistryUri"),
            Slack = Endpoint(slack, defaults.Slack, "SlackApiUri"),
            Stripe = Endpoint(stripe, defaults.Stripe, "StripeApiUri"),
            SendGrid = Endpoint(sendGrid, defaults.SendGrid, "SendGridApiUri"),
            AwsSts = Endpoint(awsSts, defaults.AwsSts, "AwsStsUri"),
        };
    }

    private static Uri Endpoint(Uri? given, Uri fallback, string parameter) =>
        given is null ? fallback
        : given.IsAbsoluteUri && given.Scheme is "http" or "https" ? given
        : throw new InvalidVerifierEndpointException(parameter, given, fallback);
}
