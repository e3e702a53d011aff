using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Specs;

/// <summary>What assessing one specification gave: the document read, and its lint.</summary>
public sealed record SpecAssessmentResult(SpecDocument Spec, SpecLintResult Lint);

/// <summary>Test-ApiSpecification's work: read a specification (file or URL), then lint it.</summary>
public static class SpecAssessment
{
    public static async Task<SpecAssessmentResult> FromFileAsync(string path, SpecLoadOptions options, CancellationToken cancellationToken)
    {
        var spec = await SpecLoader.LoadFileAsync(path, SpecLoader.With(options, path), cancellationToken).ConfigureAwait(false);
        return new SpecAssessmentResult(spec, SpecLinter.Lint(spec, path, options.LintTimeout, cancellationToken));
    }

    /// <summary>Fetches the document through the engine's prober (scope, caps, timeouts), then lints it.</summary>
    public static async Task<SpecAssessmentResult> FromUrlAsync(NetworkContext net, Uri url, SpecLoadOptions options, CancellationToken cancellationToken)
    {
        var source = url.ToString();
        net.Log($"Test-ApiSpecification: GET {url}");
        var response = await net.Http.SendAsync(new HttpProbeRequest
        {
            Uri = url,
            MaxBodyBytes = options.MaxBytes,
            Headers = new[] { new KeyValuePair<string, string>("Accept", "application/json, application/yaml, application/x-yaml, text/yaml, */*;q=0.5") },
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is < 200 or >= 300)
            throw new TargetException(source, "SpecNotFound", TargetErrorKind.NotFound,
                $"{url} answered {response.StatusCode}{(response.RedirectStopped is { } why ? $" (redirect not followed: {why})" : "")}, not a specification.",
                "Check the URL of the OpenAPI document (Get-ApiInventory lists it as SpecUrl).");
        if (response.BodyTruncated)
            throw new SpecLoadException(source, "SpecTooLarge", $"{url} is larger than the {options.MaxBytes / 1024 / 1024} MB limit.",
                "Raise -MaximumSizeMB only if you trust the server.");
        var spec = await SpecLoader.LoadAsync(response.Body, SpecLoader.With(options, source), cancellationToken).ConfigureAwait(false);
        return new SpecAssessmentResult(spec, SpecLinter.Lint(spec, source, options.LintTimeout, cancellationToken));
    }
}
