using ApiThreat.Engine.Net.Tls;
using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Transport.Checks;

/// <summary>Weak cipher suites offered: insecure ones, 64-bit block ciphers, suites without forward secrecy, no AEAD at all.</summary>
internal sealed class CipherSuiteCheck : ICheck<TransportEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[]
    {
        TransportRules.InsecureCipherSuites, TransportRules.TripleDesSuites, TransportRules.NoForwardSecrecy, TransportRules.NoAead,
    };

    public IEnumerable<Finding> Run(TransportEvidence evidence)
    {
        var suites = evidence.Suites;
        var insecure = suites.Where(s => s.Insecure).ToList();
        if (insecure.Count > 0) yield return TransportRules.InsecureCipherSuites.ToFinding(evidence.Target, Names(insecure));
        var tripleDes = suites.Where(s => s.TripleDes).ToList();
        if (tripleDes.Count > 0) yield return TransportRules.TripleDesSuites.ToFinding(evidence.Target, Names(tripleDes));
        var noForwardSecrecy = suites.Where(s => !s.ForwardSecrecy).ToList();
        if (noForwardSecrecy.Count > 0) yield return TransportRules.NoForwardSecrecy.ToFinding(evidence.Target, Names(noForwardSecrecy));
        if (suites.Count > 0 && !suites.Any(s => s.Aead)) yield return TransportRules.NoAead.ToFinding(evidence.Target, "offered: " + Names(suites));
    }

    private static string Names(IEnumerable<CipherSuite> suites) => string.Join(", ", suites.Select(x => x.Name));
}
