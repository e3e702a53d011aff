using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>Reads the specification an authorization test takes its operations from: a local file, or a URL fetched in scope.</summary>
public static class SpecificationSource
{
    public static async Task<SpecDocument> LoadAsync(NetworkContext net, string source, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            net.Scope.AddImplicitHost(url.IdnHost);
            net.Log($"Test-ApiAuthorization: GET {Text.TextSafety.RedactUri(url)} (specification)");
            var response = await net.Http.SendAsync(new HttpProbeRequest
            {
                Uri = url, MaxBodyBytes = SpecLoadOptions.Default.MaxBytes,
                Headers = new[] { new KeyValuePair<string, string>("Accept", "application/json, application/yaml, application/x-yaml, text/yaml, */*;q=0.5") },
            }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is < 200 or >= 300)
                throw new TargetException(Text.TextSafety.RedactUri(url), "SpecNotFound", TargetErrorKind.NotFound,
                    $"-Specification {Text.TextSafety.RedactUri(url)} answered {response.StatusCode}, not a specification.",
                    "Give the URL of the API's OpenAPI document, or a local file.");
            return await SpecLoader.LoadAsync(response.Body, new SpecLoadOptions { Source = url.ToString() }, cancellationToken).ConfigureAwait(false);
        }
        return await SpecLoader.LoadFileAsync(source, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first server of the document that is an absolute http(s) URL (the API's address when none is given).</summary>
    public static Uri? ServerOf(SpecDocument spec, string source)
    {
        foreach (var server in spec.Servers)
        {
            if (Uri.TryCreate(server, UriKind.Absolute, out var u) && u.Scheme is "http" or "https") return u;
            if (Uri.TryCreate(source, UriKind.Absolute, out var s) && s.Scheme is "http" or "https" && Uri.TryCreate(s, server, out var relative)) return relative;
        }
        return Uri.TryCreate(source, UriKind.Absolute, out var origin) && origin.Scheme is "http" or "https" ? new Uri(origin.GetLeftPart(UriPartial.Authority) + "/") : null;
    }
}
