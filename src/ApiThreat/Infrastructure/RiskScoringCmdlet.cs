using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using ApiThreat.Engine.Scoring;

namespace ApiThreat.Infrastructure;

/// <summary>
/// Shared by Get-ExternalRiskScore and Assert-ExternalRiskScore: the scoring parameters, the policy, and a lean
/// per-object path into the engine's <see cref="RiskAggregator"/> (offline: no network, so a plain PSCmdlet).
/// </summary>
public abstract class RiskScoringCmdlet : PSCmdlet
{
    /// <summary>WriteVerbose that does not prompt under -Debug alone (see <see cref="DebugStream"/>).</summary>
    protected new void WriteVerbose(string text) => DebugStream.Verbose(this, text);

    private const int ProgressEvery = 1 << 17;
    private static readonly object s_cacheLock = new();
    // A reference type on purpose: a static value-type field over an engine type would make the runtime load the
    // engine while PowerShell reflects over the cmdlets, before the load-context bridge is in place.
    private static CachedPolicy? s_cached;

    private sealed record CachedPolicy(string Path, DateTime Stamp, ScoringPolicy Policy);

    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = new();
    private long _inputs;
    private bool _progressShown;

    /// <summary>Domains to group hosts under (the registrable domains of the organisation).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Domain { get; set; }

    /// <summary>Also score the whole input as one organisation of this name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Organization { get; set; }

    /// <summary>A scoring policy file of the same shape as the module's data/scoring/policy.json.</summary>
    [Parameter]
    [Alias("Policy")]
    [ValidateNotNullOrEmpty]
    public string? PolicyPath { get; set; }

    private protected ScoringPolicy Policy { get; private set; } = null!;
    private protected RiskAggregator Aggregator { get; private set; } = null!;
    /// <summary>Whether any input had to be scored (as opposed to ready RiskScore objects).</summary>
    protected bool HasScoringInput { get; private set; }

    protected override void BeginProcessing()
    {
        Policy = LoadPolicy();
        Aggregator = new RiskAggregator(Policy, Domain, Organization);
        _clock.Start();
        WriteVerbose($"Scoring policy: {Policy.DisplayName} ({Policy.SourcePath}).");
    }

    private ScoringPolicy LoadPolicy()
    {
        var path = PolicyPath is null ? DataPaths.ScoringPolicy : GetUnresolvedProviderPathFromPSPath(PolicyPath);
        try
        {
            var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : default;
            lock (s_cacheLock)
                if (s_cached is { } c && c.Path == path && c.Stamp == stamp && stamp != default) return c.Policy;
            var policy = ScoringPolicy.Load(path);
            lock (s_cacheLock) s_cached = new CachedPolicy(path, stamp, policy);
            return policy;
        }
        catch (ScoringPolicyException e)
        {
            var fix = PolicyPath is null
                ? "The module's default policy is damaged: reinstall ApiThreat."
                : $"Fix the field named in the message; the documented default to start from is '{DataPaths.ScoringPolicy}'.";
            ThrowTerminatingError(new ErrorRecord(e, "InvalidScoringPolicy", ErrorCategory.InvalidData, path)
            { ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = fix } });
            throw; // not reached
        }
    }

    /// <summary>Feeds one pipeline object (or each item of a collection) to the aggregator. Findings take the
    /// shortest path: one type test and the engine's counters.</summary>
    protected void Score(object? input)
    {
        var item = ModelRehydrator.Unwrap(input);
        if (item is null) return;
        HasScoringInput = true;
        if (++_inputs % ProgressEvery == 0) ShowProgress();
        var outcome = item is Finding f ? Aggregator.Add(f) : Aggregator.AddObject(item);
        if (outcome != AggregateOutcome.Unsupported)
        {
            if (outcome >= AggregateOutcome.MissingRuleId) Skip(outcome, item);
            return;
        }
        if (item is IEnumerable list and not string and not IDictionary)
        {
            foreach (var x in list) Score(x);
            return;
        }
        // Property bags (ConvertFrom-Json, Import-Csv, Import-Clixml) keep their properties on the PSObject wrapper.
        if (item is PSCustomObject && input is PSObject bag && FindingConverter.TryConvert(bag, out var converted))
            outcome = Aggregator.Add(converted!);
        if (outcome >= AggregateOutcome.MissingRuleId) Skip(outcome, input!);
    }

    private void Skip(AggregateOutcome outcome, object item)
    {
        var type = item is PSObject p ? (p.TypeNames.Count > 0 ? p.TypeNames[0] : "PSObject") : item.GetType().FullName ?? "object";
        var key = outcome == AggregateOutcome.Unsupported ? $"{outcome}:{type}" : outcome.ToString();
        _skipped.TryGetValue(key, out var n);
        _skipped[key] = n + 1;
        if (n > 0) return; // one error per reason; the rest are counted in a warning at the end
        var (id, message, fix) = outcome switch
        {
            AggregateOutcome.MissingRuleId => ("FindingWithoutRuleId", "A finding without a RuleId cannot be scored.",
                "Build findings from the rule catalogue (Get-ApiThreatRule) or set RuleId."),
            AggregateOutcome.MissingTarget => ("FindingWithoutTarget", "An input names no target (Target/HostName is empty), so it cannot be scored.",
                "Set Target (host, URL or domain) on the finding."),
            _ => ("InputNotScorable", $"Objects of type '{type}' cannot be scored.",
                "Pipe ApiThreat findings, hosts, endpoints, certificates, DNS/IP intelligence, assessments or scan results."),
        };
        WriteError(new ErrorRecord(new ArgumentException(message), id, ErrorCategory.InvalidData, item)
        { ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix } });
    }

    private void ShowProgress()
    {
        if (_clock.ElapsedMilliseconds < 500) return;
        _progressShown = true;
        WriteProgress(new ProgressRecord(0x5C0E, "Scoring external risk", $"{_inputs:N0} objects, {Aggregator.Added:N0} distinct findings"));
    }

    /// <summary>Scores everything fed so far; reports skipped input.</summary>
    protected IReadOnlyList<RiskScore> Compute(bool explain)
    {
        if (_progressShown)
            WriteProgress(new ProgressRecord(0x5C0E, "Scoring external risk", "Done") { RecordType = ProgressRecordType.Completed });
        foreach (var (reason, count) in _skipped)
            if (count > 1) WriteWarning($"{count - 1:N0} more inputs skipped for the same reason ({reason}).");
        if (Aggregator.Duplicates > 0)
            WriteVerbose($"{Aggregator.Duplicates:N0} duplicate findings (same rule, target and evidence) counted once.");
        var scores = Aggregator.Compute(explain);
        if (explain)
            foreach (var s in scores)
                foreach (var line in s.Explanation) WriteVerbose(line);
        return scores;
    }
}
