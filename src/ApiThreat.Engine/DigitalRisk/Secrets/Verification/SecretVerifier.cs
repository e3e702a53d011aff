using System.Text.Json;
using System.Text.RegularExpressions;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Verification;

/// <summary>What a provider said of a secret: accepted (true), rejected (false) or nothing conclusive (null), and in words.</summary>
public sealed record VerificationOutcome(bool? Live, string Detail);

/// <summary>
/// -Verify: asks the provider's read-only identity endpoint whether a found secret works (GitHub GET /user, GitLab GET
/// /api/v4/user, npm whoami, Slack auth.test, Stripe GET /v1/account, SendGrid GET /v3/scopes, AWS STS
/// GetCallerIdentity). One request a secret, never a redirect followed (the secret would go with it), nothing of the
/// answer kept but the identity's name; the secret never appears in the outcome, even when the endpoint echoes it.
/// </summary>
public sealed class SecretVerifier
{
    public static readonly IReadOnlyCollection<string> Kinds = new[] { "github", "gitlab", "npm", "slack", "stripe", "sendgrid", "aws" };
    private const string StsBody = "Action=GetCallerIdentity&Version=2011-06-15";
    private const string FormType = "application/x-www-form-urlencoded; charset=utf-8";
    private static readonly Regex s_xmlValue = new(@"<(?<tag>Arn|Code)>(?<v>[^<]{1,300})</", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));
    private readonly NetworkContext _network;

    public SecretVerifier(NetworkContext network, VerifierEndpoints endpoints)
    {
        _network = network;
        Endpoints = endpoints;
        // The endpoints are the user's choice, not the target's: they join the scope (a loopback stub still needs -AllowPrivateAddress).
        foreach (var e in endpoints.All) network.Scope.AddImplicitHost(e.IdnHost.Trim('[', ']'));
    }

    public VerifierEndpoints Endpoints { get; }

    /// <summary>Where a found secret would be sent for its check (for the confirmation prompt), or null when none applies.</summary>
    public Uri? EndpointFor(FoundSecret found) => found.Verify is { } kind && Kinds.Contains(kind) ? Endpoints.For(kind) : null;

    public async Task<VerificationOutcome> VerifyAsync(FoundSecret found, CancellationToken cancellationToken)
    {
        if (found.Verify is not { } kind || !Kinds.Contains(kind)) return new VerificationOutcome(null, "no verifier for this type");
        var value = found.Match.Value;
        var endpoint = Endpoints.For(kind);
        HttpProbeRequest request = kind switch
        {
            "github" => Get(endpoint, ("Authorization", "token " + value), ("Accept", "application/vnd.github+json")),
            "gitlab" => Get(endpoint, ("PRIVATE-TOKEN", value)),
            "npm" or "stripe" or "sendgrid" => Get(endpoint, ("Authorization", "Bearer " + value)),
            "slack" => new HttpProbeRequest
            {
                Uri = endpoint, Method = "POST", Body = "", BodyContentType = FormType, FollowRedirects = false, MaxBodyBytes = 64 * 1024,
                Headers = new[] { new KeyValuePair<string, string>("Authorization", "Bearer " + value) },
            },
            "aws" when found.Partner is { } partner => new HttpProbeRequest
            {
                Uri = endpoint, Method = "POST", Body = StsBody, BodyContentType = FormType, FollowRedirects = false, MaxBodyBytes = 64 * 1024,
                Headers = AwsSignatureV4.Sign(endpoint, StsBody, keyId: value, secret: partner.Value, DateTimeOffset.UtcNow),
            },
            _ => null!,
        };
        if (request is null) return new VerificationOutcome(null, "the key ID alone cannot be checked (its secret access key was not found beside it)");
        _network.Log($"Verifying {found.Secret.Type} {found.Secret.MaskedValue} with {request.Method} {TextSafety.RedactUri(endpoint)}");
        HttpProbeResult r;
        try { r = await _network.Http.SendAsync(request, cancellationToken).ConfigureAwait(false); }
        catch (TargetException ex)
        {
            return new VerificationOutcome(null, Clean($"the endpoint did not answer: {ex.Message}", found));
        }
        var outcome = Read(kind, r);
        return outcome with { Detail = Clean(outcome.Detail, found) };
    }

    private static HttpProbeRequest Get(Uri endpoint, params (string Name, string Value)[] headers) => new()
    {
        Uri = endpoint, FollowRedirects = false, MaxBodyBytes = 64 * 1024,
        Headers = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToArray(),
    };

    private static VerificationOutcome Read(string kind, HttpProbeResult r)
    {
        var status = r.StatusCode;
        switch (kind)
        {
            case "slack":
                if (status != 200) return Inconclusive(status);
                var ok = Json(r, "ok");
                if (ok == "true") return new VerificationOutcome(true, $"accepted: team {Json(r, "team") ?? "?"}, user {Json(r, "user") ?? "?"}");
                return ok == "false" ? new VerificationOutcome(false, $"rejected: {Json(r, "error") ?? "not ok"}") : Inconclusive(status);
            case "aws":
                var values = s_xmlValue.Matches(r.Text).ToDictionary(m => m.Groups["tag"].Value, m => m.Groups["v"].Value, StringComparer.Ordinal);
                if (status == 200 && values.TryGetValue("Arn", out var arn)) return new VerificationOutcome(true, $"accepted: {arn}");
                if (status is 403 or 401) return new VerificationOutcome(false, $"rejected: {values.GetValueOrDefault("Code") ?? status.ToString()}");
                return Inconclusive(status);
            case "stripe" when status == 403:
                return new VerificationOutcome(true, "accepted: a live key without permission to read the account (restricted key)");
        }
        if (status is 401) return new VerificationOutcome(false, "rejected (401)");
        if (status is 403 && kind is "sendgrid" or "npm") return new VerificationOutcome(false, "rejected (403)");
        if (status is >= 200 and < 300)
        {
            var who = kind switch
            {
                "github" => Json(r, "login"),
                "gitlab" => Json(r, "username"),
                "npm" => Json(r, "username"),
                "stripe" => Json(r, "id"),
                "sendgrid" => Json(r, "scopes") is { } scopes ? $"{scopes.Count(c => c == ',') + 1} scope(s)" : null,
                _ => null,
            };
            return new VerificationOutcome(true, who is null ? $"accepted ({status})" : $"accepted: {who}");
        }
        return Inconclusive(status);
    }

    private static VerificationOutcome Inconclusive(int status) => new(null, $"inconclusive: the endpoint answered {status}");

    /// <summary>One top-level property of a JSON answer, as text (arrays as their raw text), or null.</summary>
    private static string? Json(HttpProbeResult r, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(r.Body, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(name, out var v)) return null;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.Array => v.GetRawText(),
                _ => null,
            };
        }
        catch (JsonException) { return null; }
    }

    /// <summary>An outcome's words: control characters stripped, bounded, and every copy of the secret (or its partner) removed.</summary>
    private static string Clean(string detail, FoundSecret found)
    {
        var text = TextSafety.WithoutSecret(detail, found.Match.Value);
        if (found.Partner is { } p) text = TextSafety.WithoutSecret(text, p.Value);
        return TextSafety.Truncate(TextSafety.StripControl(text), 200);
    }
}
