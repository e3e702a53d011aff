using ApiThreat.Engine.Rules;

namespace ApiThreat.Engine.Assessment.Api.Checks;

/// <summary>ATR-API-001: an operation the specification secures that answered real content to a request without credentials.</summary>
public sealed class SecuredOperationOpenCheck : ICheck<ApiEvidence>
{
    public IReadOnlyList<ThreatRule> Rules { get; } = new[] { ApiRules.SecuredOperationOpen };

    public IEnumerable<Finding> Run(ApiEvidence e)
    {
        foreach (var read in e.Probe.OperationReads)
        {
            var op = read.Operation;
            if (op.AllowsAnonymous || !e.Probe.IsRealContent(read.Response)) continue;
            var r = read.Response!;
            yield return e.Probe.Finding(ApiRules.SecuredOperationOpen, $"{op.Method} {op.Path}",
                $"declared security {string.Join(", ", op.Security)}; {op.Method} {read.Url.PathAndQuery} without credentials answered {r.StatusCode} ({r.Body.Length} bytes)");
        }
    }
}
