using System.Collections.Concurrent;
using ApiThreat.Engine.Net;
using ApiThreat.Engine.Specs;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// -IncludeSecrets: the detectors run on the answers another cmdlet fetched anyway (Get-ApiInventory's probes and
/// crawl, Invoke-ApiThreatScan's inventory stage), at no extra request. Thread-safe: discovery hands it each answer
/// from its workers. One secret is kept once per host (the same error page answers a hundred probed paths).
/// </summary>
public sealed class ResponseSecretCollector
{
    private readonly SecretHarvester _harvester;
    private readonly ConcurrentQueue<FoundSecret> _found = new();
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _read = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    public ResponseSecretCollector(SecretCatalog catalog, CancellationToken cancellationToken)
    {
        _harvester = new SecretHarvester(new SecretScanner(catalog));
        _cancellationToken = cancellationToken;
    }

    public SecretScanStats Stats => _harvester.Stats;

    /// <summary>Scans one answer (each URL once); a failure to read it is no failure of the caller's work.</summary>
    public void Observe(HttpProbeResult response)
    {
        if (response.Body.Length == 0 || _cancellationToken.IsCancellationRequested) return;
        if (!_read.TryAdd($"{response.Method} {response.FinalUri.AbsoluteUri}", 0)) return;
        SecretSource? source = response.StatusCode == 200 && SpecDetector.Detect(response.Body).Kind is SpecKind.OpenApi or SpecKind.Swagger
            ? SecretSource.ApiDescription
            : response.StatusCode < 400 && !IsKnownKind(response) ? SecretSource.Response : null;
        foreach (var f in _harvester.ScanResponse(response, source, _cancellationToken))
            if (_seen.TryAdd($"{f.Secret.HostName}|{f.Secret.Type}|{f.Secret.ValueHash}", 0)) _found.Enqueue(f);
    }

    /// <summary>The secrets found since the last call, with their findings.</summary>
    public List<ExposedSecret> Drain(Action<string>? debug = null)
    {
        var list = new List<ExposedSecret>();
        while (_found.TryDequeue(out var f)) list.Add(f.Finish(debug));
        return list;
    }

    /// <summary>Pages, scripts and source maps are read as what they are; other answers (API JSON, feeds) as responses.</summary>
    private static bool IsKnownKind(HttpProbeResult r)
    {
        var type = (r.ContentType ?? "").ToLowerInvariant();
        var path = r.FinalUri.AbsolutePath;
        return type.Contains("html") || type.Contains("javascript") || path.EndsWith(".js", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".map", StringComparison.OrdinalIgnoreCase);
    }
}
