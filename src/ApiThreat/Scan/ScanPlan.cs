using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using ApiThreat.Commands;
using ApiThreat.Engine.Scan;
using ApiThreat.Infrastructure;

namespace ApiThreat.Scan;

/// <summary>
/// The stages of Invoke-ApiThreatScan, in order, each fed by what the earlier ones found. A failed stage or target
/// never loses the rest; with -ResumeFrom, targets a stage already finished are restored instead of probed again.
/// </summary>
internal sealed class ScanPlan
{
    private readonly InvokeApiThreatScanCommand _command;
    private readonly string[] _domains;
    private readonly string _manifest;
    private readonly Hashtable _shared;
    private readonly string _profile;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _findingsSoFar;
    private string _stage = "Starting";
    private int _stageIndex;
    private const int StageCount = 13;

    public ScanPlan(InvokeApiThreatScanCommand command, string[] domains, string manifest)
    {
        _command = command;
        _domains = domains;
        _manifest = manifest;
        _shared = command.SharedParameters();
        _profile = command.Profile;
    }

    public async Task RunAsync(ResultSink sink, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        using var journal = _command.ResumeFrom is null ? null : ScanJournal.Open(_command.ResolvePath(_command.ResumeFrom));
        if (journal is { RestoredTargets: > 0 }) sink.Verbose($"Resuming from {journal.Path}: {journal.RestoredTargets} finished stage targets restored.");
        using var runner = new StageRunner(_manifest, sink, ct);
        using var progress = new Timer(_ => Report(sink, runner), null, 0, 250);
        var active = _profile == "Active";
        var deep = _profile == "Active" ? "Deep" : _profile;

        // Discovery and DNS intelligence, per domain.
        var hosts = (await Stage(runner, journal, "Discovery", "Find-Subdomain", _domains, d => (string)d,
            With(("Wordlist", _command.Wordlist is null ? null : _command.ResolvePath(_command.Wordlist)), ("CertificateTransparencyUri", _command.CertificateTransparencyUri),
                ("NameServerPort", _command.NameServerPort), ("TlsPort", _command.TlsPort)), ct))
            .OfType<DiscoveredHost>().GroupBy(h => h.HostName).Select(g => g.First()).OrderBy(h => h.HostName, StringComparer.Ordinal).ToList();
        var dns = (await Stage(runner, journal, "Dns", "Get-DomainIntelligence", _domains, d => (string)d, With(("NameServerPort", _command.NameServerPort)), ct)).OfType<DnsIntelligence>().ToList();

        // Per-host intelligence.
        var hostNames = hosts.Select(h => h.HostName).ToList();
        var tlsTargets = hostNames.SelectMany(h => _command.TlsPort.Select(p => (object)new TargetRef(h, p))).ToList();
        var certificates = (await Stage(runner, journal, "Certificates", "Get-CertificateIntelligence", tlsTargets, HostKey, With(), ct)).OfType<CertificateInfo>().ToList();
        var transport = _profile == "Passive" ? new List<TransportAssessment>()
            : (await Stage(runner, journal, "Transport", "Test-TransportSecurity", tlsTargets, HostKey, With(), ct)).OfType<TransportAssessment>().ToList();
        var ips = (await Stage(runner, journal, "Ip", "Get-IpIntelligence", hosts.Cast<object>(), HostKey, With(), ct)).OfType<IpIntelligence>().ToList();

        // APIs and the web applications in front of them.
        var inventory = (await Stage(runner, journal, "Inventory", "Get-ApiInventory", hosts.Cast<object>(), HostKey,
            With(("Depth", deep), ("Port", _command.Port)), ct)).OfType<ApiEndpoint>().ToList();
        var siteUrls = hostNames.SelectMany(h => _command.TlsPort.Select(p => (object)new UrlRef(p == 443 ? $"https://{h}/" : $"https://{h}:{p}/"))).ToList();
        var techInput = siteUrls.Concat(inventory.Select(e => (object)new UrlRef(e.Url))).GroupBy(u => ((UrlRef)u).Url).Select(g => g.First()).ToList();
        var technologies = await Stage(runner, journal, "Technology", "Get-TechnologyStack", techInput, HostKey, With(), ct);
        var hijack = await Stage(runner, journal, "Hijack", "Test-HijackSusceptibility", siteUrls, HostKey,
            With(("Summary", SwitchParameter.Present), ("Active", active ? SwitchParameter.Present : null),
                ("Passive", _profile == "Passive" ? SwitchParameter.Present : null)), ct);
        var apiFindings = await Stage(runner, journal, "ApiSecurity", "Test-ApiSecurity", inventory.Cast<object>(), HostKey,
            With(("Active", active ? SwitchParameter.Present : null)), ct);
        var specFindings = await Stage(runner, journal, "Specification", "Test-ApiSpecification",
            inventory.Where(e => !string.IsNullOrEmpty(e.SpecUrl)).Cast<object>(), HostKey, With(), ct);

        // Everything found, deduplicated.
        var everything = new List<object>();
        everything.AddRange(hosts); everything.AddRange(dns); everything.AddRange(certificates); everything.AddRange(transport);
        everything.AddRange(ips); everything.AddRange(inventory); everything.AddRange(technologies); everything.AddRange(hijack);
        everything.AddRange(apiFindings); everything.AddRange(specFindings);
        var findings = ScanTargets.Distinct(everything.SelectMany(ScanTargets.FindingsOf));

        var scores = (await Stage(runner, null, "Score", "Get-ExternalRiskScore", everything, null,
            Offline(("Organization", _command.Organization ?? string.Join(", ", _domains)), ("Domain", _domains)), ct)).OfType<RiskScore>().ToList();

        var changes = new List<InventoryChange>();
        if (_command.Baseline is { } baseline)
        {
            var path = _command.ResolvePath(baseline);
            if (File.Exists(path))
                changes = (await Stage(runner, null, "Compare", "Compare-ApiInventory", everything, null, Offline(("Baseline", path)), ct)).OfType<InventoryChange>().ToList();
            else
                await sink.WarningAsync($"The baseline '{path}' does not exist yet: nothing to compare. Use -SaveTo '{path}' to create it.");
        }
        if (_command.SaveTo is { } saveTo)
            await Stage(runner, null, "Save", "Save-ApiInventory", everything, null, Offline(("Path", _command.ResolvePath(saveTo))), ct);

        var result = new ScanResult
        {
            Domains = _domains,
            Profile = _profile,
            Started = started,
            Finished = DateTimeOffset.UtcNow,
            Hosts = hosts.ToArray(),
            Dns = dns.ToArray(),
            Certificates = certificates.ToArray(),
            Ips = ips.ToArray(),
            Inventory = inventory.ToArray(),
            Technologies = technologies.OfType<Technology>().ToArray(),
            Assessments = hijack.OfType<HijackAssessment>().ToArray(),
            Findings = findings,
            Scores = scores.ToArray(),
            Changes = changes.ToArray(),
            Errors = runner.ErrorMessages.ToArray(),
        };
        if (_command.Report is { } report)
        {
            var path = _command.ResolvePath(report);
            await Stage(runner, null, "Report", "Export-ApiThreatReport", new object[] { result }, null, Offline(("Path", path), ("Format", _command.ReportFormat)), ct);
            if (File.Exists(path)) result.ReportPath = path;
        }
        _stage = "Done";
        Report(sink, runner, completed: true);
        await sink.OutputAsync(result);
    }

    /// <summary>Runs a stage, skipping inputs that the resume file marks done for it and restoring their results.</summary>
    private async Task<List<object>> Stage(StageRunner runner, ScanJournal? journal, string name, string command,
        IEnumerable<object> input, Func<object, string>? key, Hashtable parameters, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _stage = name;
        _stageIndex++;
        var items = input.ToList();
        var results = new List<object>();
        if (journal is not null && key is not null)
        {
            results.AddRange(journal.Restored(name));
            items = items.Where(i => !journal.IsDone(name, key(i))).ToList();
        }
        if (items.Count == 0 && key is not null) return Count(results);
        var output = await runner.RunAsync(command, items.Select(Unwrap), parameters).ConfigureAwait(false);
        if (journal is not null && key is not null)
        {
            foreach (var o in output) journal.Result(name, OutputKey(o, name), o);
            journal.Done(name, items.Select(key));
        }
        results.AddRange(output);
        return Count(results);
    }

    private List<object> Count(List<object> results)
    {
        Interlocked.Add(ref _findingsSoFar, results.Sum(r => ScanTargets.FindingsOf(r).Count()));
        return results;
    }

    private static string OutputKey(object output, string stage) =>
        stage is "Discovery" or "Dns" ? (output as DiscoveredHost)?.Domain ?? (output as DnsIntelligence)?.Domain ?? ScanTargets.HostOf(output) : ScanTargets.HostOf(output);

    private static string HostKey(object item) => item switch
    {
        TargetRef t => t.HostName,
        UrlRef u => Engine.Rules.TargetName.HostOf(u.Url),
        _ => ScanTargets.HostOf(item),
    };

    /// <summary>What is piped into a stage: plain objects bind by property name (HostName/Port, Url).</summary>
    private static object Unwrap(object item) => item switch
    {
        TargetRef t => Note(("HostName", t.HostName), ("Port", t.Port)),
        UrlRef u => Note(("Url", u.Url)),
        _ => item,
    };

    private static PSObject Note(params (string Name, object Value)[] properties)
    {
        var o = new PSObject();
        foreach (var (name, value) in properties) o.Properties.Add(new PSNoteProperty(name, value));
        return o;
    }

    private Hashtable With(params (string Name, object? Value)[] extra)
    {
        var p = (Hashtable)_shared.Clone();
        foreach (var (name, value) in extra) if (value is not null) p[name] = value;
        return p;
    }

    /// <summary>Parameters of the offline stages (score, compare, save, report): none of the network ones, whose names
    /// (such as -Scope) may mean something else there.</summary>
    private static Hashtable Offline(params (string Name, object? Value)[] extra)
    {
        var p = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in extra) if (value is not null) p[name] = value;
        return p;
    }

    private void Report(ResultSink sink, StageRunner runner, bool completed = false)
    {
        var record = new ProgressRecord(4242, "ApiThreat scan of " + string.Join(", ", _domains),
            $"{_stage} ({Math.Min(_stageIndex, StageCount)}/{StageCount}): {Volatile.Read(ref runner.StageItems)} items, {Volatile.Read(ref _findingsSoFar)} findings so far, {_clock.Elapsed:hh\\:mm\\:ss} elapsed")
        {
            PercentComplete = completed ? 100 : Math.Min(99, _stageIndex * 100 / StageCount),
            RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        sink.Progress(record);
    }

    private sealed record TargetRef(string HostName, int Port);

    private sealed record UrlRef(string Url);
}
