using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Assessment.Api;

/// <summary>
/// What the checks that only read see: every response of the passive phase (evidence, then the probing checks'
/// requests), and the probe they came from (request, baseline, operation reads).
/// </summary>
public sealed class ApiEvidence
{
    public required ApiProbe Probe { get; init; }
    public required IReadOnlyList<(HttpProbeResult Response, bool Authenticated)> Responses { get; init; }
    public ApiSecurityRequest Request => Probe.Request;
}
