using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Assessment.Hijack;

/// <summary>
/// The context of the hijack checks that send crafted but harmless requests (Origin headers, a made-up session id):
/// the network, the page the site answered with, and the evidence already read. Not run with -Passive.
/// </summary>
public sealed record HijackProbe(NetworkContext Network, Uri Url, HijackEvidence Evidence);

/// <summary>The context of the checks that only run with -Active (a marker with markup characters).</summary>
public sealed record HijackActiveProbe(HijackProbe Probe);
