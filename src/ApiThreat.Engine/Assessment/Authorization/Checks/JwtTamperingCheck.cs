using System.Security.Cryptography;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Authorization.Checks;

/// <summary>
/// Tampered JWTs: for an identity that carries a JWT, a request that tells its credentials apart (it succeeds with
/// them and is refused without) is sent again with the token rewritten — "alg": "none", the signature stripped, signed
/// with a key of our own — and, when the signing secret is a guessable one or signatures are not checked at all, with
/// its expiry moved into the past. A variant is accepted when it gets the answer the genuine token gets. The secret is
/// tested offline against a short list first. One identity's token is tested: the verifier is the API's, not the identity's (a second is tried when the first has no request to test on).
/// </summary>
public sealed class JwtTamperingCheck : IAsyncCheck<AuthorizationContext>
{
    private const int MaxIdentities = 1;

    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        AuthorizationRules.JwtNoneAccepted, AuthorizationRules.JwtSignatureNotVerified, AuthorizationRules.ExpiredTokenAccepted,
        AuthorizationRules.JwtGuessableSecret,
    };

    public async Task<IReadOnlyList<Finding>> RunAsync(AuthorizationContext context, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var evidence = context.Evidence;
        var tested = 0;
        var weakReported = false;
        foreach (var identity in evidence.Identities.Where(i => !i.IsAnonymous))
        {
            if (tested >= MaxIdentities) break;
            if (identity.Jwt() is not { } held) continue;
            var jwt = held.Token;
            var key = WeakJwtSecrets.Find(jwt);
            if (key is not null && !weakReported)
            {
                weakReported = true;
                findings.Add(AuthorizationRules.JwtGuessableSecret.ToFinding(evidence.Target,
                    $"{identity.Name}'s token ({jwt.Algorithm}, in the {held.Header} header) verifies with one of {WeakJwtSecrets.Count} common secrets (tested offline; the secret is not shown).",
                    Confidence.Confirmed, DetectionMethod.Passive, location: held.Header));
            }
            if (context.ProbeFor(identity) is not { } probe)
            {
                context.Note($"The tokens of {identity.Name} were not tampered with: no operation answered it while refusing anonymous callers.");
                continue;
            }
            tested++;
            var url = context.UrlOf(probe.Path);
            var genuine = await context.Client.SendAsync(identity, "GET", url, cancellationToken, harvest: false).ConfigureAwait(false);
            if (!genuine.IsSuccess) continue;
            var where = $"GET {probe.Path} as {identity.Name}";

            // Each variant is made from the token the identity holds now (a refresh may have replaced the one read above).
            async Task<Answer?> Accepted(Func<JsonWebToken, string> tamper)
            {
                if (identity.Jwt() is not { } current) return null;
                var headers = identity.WithTokenReplaced(current.Token.Raw, tamper(current.Token));
                if (headers.SequenceEqual(identity.Headers)) return null;
                var answer = await context.Client.SendAsync(identity, "GET", url, cancellationToken, headers: headers, harvest: false).ConfigureAwait(false);
                return answer.IsSuccess && genuine.Shape.SimilarityTo(answer.Shape) >= 0.8 ? answer : null;
            }

            var none = await Accepted(t => t.WithAlgorithmNone()).ConfigureAwait(false) ?? await Accepted(t => t.WithAlgorithmNone("None")).ConfigureAwait(false);
            if (none is not null)
                findings.Add(AuthorizationRules.JwtNoneAccepted.ToFinding(evidence.Target,
                    $"{where} with the token rewritten to \"alg\": \"none\" and no signature answered {none.StatusCode}, the answer of the genuine token (without credentials: {probe.Cell(AuthIdentity.AnonymousName)?.StatusCode}).",
                    Confidence.Confirmed, DetectionMethod.Active, location: probe.Path));

            var stripped = await Accepted(t => t.WithoutSignature()).ConfigureAwait(false);
            var otherKey = await Accepted(t => t.SignedWith(RandomNumberGenerator.GetBytes(32))).ConfigureAwait(false);
            var unverified = stripped is not null || otherKey is not null;
            if (unverified)
            {
                var how = string.Join(" and ", new[] { stripped is null ? null : "with its signature stripped", otherKey is null ? null : "signed (HS256) with a key of our own" }.Where(s => s is not null));
                findings.Add(AuthorizationRules.JwtSignatureNotVerified.ToFinding(evidence.Target,
                    $"{where} with the token {how} answered {(stripped ?? otherKey)!.StatusCode}, the answer of the genuine token (without credentials: {probe.Cell(AuthIdentity.AnonymousName)?.StatusCode}).",
                    Confidence.Confirmed, DetectionMethod.Active, location: probe.Path));
            }

            if (jwt.Expires is { } expires && expires < evidence.Now.AddMinutes(-1))
            {
                findings.Add(AuthorizationRules.ExpiredTokenAccepted.ToFinding(evidence.Target,
                    $"{where}: the token given for {identity.Name} expired at {expires:u} and is still accepted ({genuine.StatusCode}).",
                    Confidence.Confirmed, DetectionMethod.Active, location: probe.Path));
            }
            else if (key is not null || unverified)
            {
                // Re-dated and signed with the recovered secret: a valid signature, so only the expiry can refuse it.
                // Without the secret, only a server that ignores signatures can be asked about expiry at all.
                string Expired(JsonWebToken t) => key is not null ? t.ResignedWith(key, t.ExpiredPayload(evidence.Now))
                    : t.SignedWith(RandomNumberGenerator.GetBytes(32), t.ExpiredPayload(evidence.Now));
                if (await Accepted(Expired).ConfigureAwait(false) is { } expired)
                    findings.Add(AuthorizationRules.ExpiredTokenAccepted.ToFinding(evidence.Target,
                        $"{where} with the token's expiry moved a day into the past ({(key is not null ? "signed with the recovered secret" : "the server does not check signatures either")}) answered {expired.StatusCode}, the answer of the genuine token.",
                        key is not null ? Confidence.Confirmed : Confidence.Firm, DetectionMethod.Active, location: probe.Path));
            }
        }
        return findings;
    }
}
