using ApiThreat.Engine.Net;
using ApiThreat.Engine.Rules;
using DnsClient;
using DnsClient.Protocol;
using ApiThreat.Engine.Text;

namespace ApiThreat.Engine.Assessment.Hijack.Takeover;

/// <summary>
/// Subdomain takeover: follows the host's CNAME chain and NS delegation through the scan's resolver and matches
/// them against the signatures — an NXDOMAIN target where the provider's rule says that proves the resource is
/// free, or the provider's "no such app/bucket" page in the HTTP answer.
/// </summary>
public static class TakeoverChecker
{
    /// <summary>DNS-only part: returns findings that need no HTTP, and the signature whose fingerprint to look for.</summary>
    public static async Task<(List<Finding> Findings, TakeoverSignature? FingerprintCandidate, HostResolution Resolution)> CheckDnsAsync(
        NetworkContext network, string host, TakeoverSignatureSet signatures, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var resolution = await network.Resolver.ResolveHostAsync(host, cancellationToken).ConfigureAwait(false);
        TakeoverSignature? candidate = null;
        if (resolution.CnameChain.Count > 0)
        {
            var last = resolution.CnameChain[^1];
            var signature = resolution.CnameChain.Select(c => signatures.Signatures.FirstOrDefault(s => s.MatchesCname(c))).FirstOrDefault(s => s is not null);
            var chain = $"{host} -> {string.Join(" -> ", resolution.CnameChain)}";
            if (resolution.DanglingCname)
            {
                if (signature is not null)
                {
                    var confidence = signature.Nxdomain ? signature.Confidence : Min(signature.Confidence, Confidence.Potential);
                    findings.Add(Make(TakeoverRules.ServiceUnclaimed, host, signature,
                        $"{chain}: {last} does not exist (NXDOMAIN){(signature.Nxdomain ? "; for this provider that means the resource is unclaimed" : "")}", confidence));
                }
                else
                {
                    findings.Add(TakeoverRules.DanglingCname.ToFinding(host, $"{chain}: {last} does not exist (NXDOMAIN)", Confidence.Potential));
                }
            }
            else if (signature is not null && signature.Fingerprint.Length > 0) candidate = signature;
        }

        // NS delegation at this very name (a delegated subdomain): dangling or provider-held but empty.
        var ns = await network.Resolver.QueryAsync(host, QueryType.NS, cancellationToken).ConfigureAwait(false);
        var servers = ns.Answers.OfType<NsRecord>().Where(r => DnsResolver.Trim(r.DomainName.Value) == host)
            .Select(r => DnsResolver.Trim(r.NSDName.Value)).Distinct().Take(8).ToList();
        if (servers.Count > 0)
        {
            var missing = new List<string>();
            foreach (var server in servers)
            {
                var r = await network.Resolver.ResolveHostAsync(server, cancellationToken).ConfigureAwait(false);
                if (r.Status == DnsStatus.NxDomain) missing.Add(server);
            }
            if (missing.Count == servers.Count)
                findings.Add(TakeoverRules.NsDelegationDangling.ToFinding(host,
                    $"{host} NS {string.Join(", ", servers)}: none of the name servers exists (NXDOMAIN)", Confidence.Confirmed));
            else if (servers.Select(s => signatures.Signatures.FirstOrDefault(x => x.MatchesNameServer(s))).FirstOrDefault(x => x is not null) is { } provider
                     && resolution.Status is DnsStatus.ServerFailure or DnsStatus.Refused)
                findings.Add(Make(TakeoverRules.NsDelegationDangling, host, provider,
                    $"{host} NS {string.Join(", ", servers)} ({provider.Service}) answers {resolution.Status}: the hosted zone looks deleted", Min(provider.Confidence, Confidence.Potential)));
        }
        return (findings, candidate, resolution);
    }

    /// <summary>HTTP part: the provider's "unclaimed" page in what the host answered.</summary>
    public static Finding? CheckResponse(string host, IReadOnlyList<string> cnameChain, TakeoverSignature signature, HttpProbeResult response)
    {
        var fingerprint = signature.FingerprintIn(response.Text);
        if (fingerprint is null) return null;
        if (signature.HttpStatus is { } status && status != response.StatusCode) return null;
        return Make(TakeoverRules.ServiceUnclaimed, host, signature,
            $"{host} -> {string.Join(" -> ", cnameChain)}; {response.FinalUri} answered {response.StatusCode} with \"{TextSafety.Truncate(fingerprint, 120)}\"",
            signature.Confidence);
    }

    private static Finding Make(ThreatRule rule, string host, TakeoverSignature s, string evidence, Confidence confidence)
    {
        var severity = confidence switch { Confidence.Unlikely => Severity.Low, Confidence.Potential or Confidence.Tentative => Severity.High, _ => rule.Severity };
        var note = s.RequiresDomainVerification ? " The provider now verifies domain ownership." : "";
        return rule.ToFinding(host, $"{evidence}. Service: {s.Service} ({s.Status}).{note} {s.Verification}".Trim(), confidence, severity: severity,
            title: $"{rule.Title}: {s.Service}");
    }

    private static Confidence Min(Confidence a, Confidence b) => a < b ? a : b;
}
