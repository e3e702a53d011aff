using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ApiThreat.Infrastructure;

namespace ApiThreat.Scan;

/// <summary>
/// Runs one stage of Invoke-ApiThreatScan — one of ApiThreat's own cmdlets — in a private runspace on a worker
/// thread, so the stage keeps its own concurrency, parameter handling and per-target errors, while the scan cmdlet
/// shows one progress display. Errors of a stage are handed on as they are; a stage that fails as a whole is one error.
/// </summary>
internal sealed class StageRunner : IDisposable
{
    private readonly Runspace _runspace;
    private readonly ResultSink _sink;
    private readonly CancellationToken _cancellation;
    private readonly Dictionary<string, CommandInfo?> _commands = new(StringComparer.OrdinalIgnoreCase);

    public StageRunner(string manifestPath, ResultSink sink, CancellationToken cancellation)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { manifestPath });
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        _sink = sink;
        _cancellation = cancellation;
    }

    /// <summary>Every error of every stage, as "target: message", for ScanResult.Errors.</summary>
    public List<string> ErrorMessages { get; } = new();

    /// <summary>Items the current stage has emitted so far (read by the progress timer).</summary>
    public int StageItems;

    public bool Has(string command) => Command(command) is not null;

    private CommandInfo? Command(string name)
    {
        if (_commands.TryGetValue(name, out var info)) return info;
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        info = ps.AddCommand("Get-Command").AddParameter("Name", name).AddParameter("ErrorAction", "Ignore").Invoke<CommandInfo>().FirstOrDefault();
        return _commands[name] = info;
    }

    /// <summary>
    /// Runs <paramref name="command"/> over <paramref name="input"/> with the parameters it supports (others are dropped,
    /// so a stage never fails for an option it lacks) and returns its output objects.
    /// </summary>
    public async Task<List<object>> RunAsync(string command, IEnumerable<object>? input, IDictionary parameters)
    {
        var info = Command(command);
        if (info is null)
        {
            await _sink.WarningAsync($"Stage skipped: {command} is not available in this build.").ConfigureAwait(false);
            return new List<object>();
        }
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddCommand(info);
        foreach (DictionaryEntry p in parameters)
            if (p.Value is not null && info.Parameters.ContainsKey((string)p.Key)) ps.AddParameter((string)p.Key, p.Value);
        ps.AddParameter("ProgressAction", ActionPreference.SilentlyContinue);
        var inputCollection = new PSDataCollection<object>();
        if (input is not null) foreach (var i in input) inputCollection.Add(i);
        inputCollection.Complete();
        var output = new PSDataCollection<PSObject>();
        var results = new List<object>();
        Interlocked.Exchange(ref StageItems, 0);
        output.DataAdded += (_, e) =>
        {
            var item = output[e.Index];
            lock (results) results.Add(item.BaseObject);
            Interlocked.Increment(ref StageItems);
        };
        var errors = new List<Task>();
        ps.Streams.Error.DataAdded += (_, e) =>
        {
            var error = ps.Streams.Error[e.Index];
            lock (ErrorMessages) ErrorMessages.Add($"{command}: {error.TargetObject}: {error.Exception.Message}");
            errors.Add(_sink.ErrorAsync(error).AsTask());
        };
        ps.Streams.Warning.DataAdded += (_, e) => errors.Add(_sink.WarningAsync(ps.Streams.Warning[e.Index].Message).AsTask());
        using var stop = _cancellation.Register(() => { try { ps.BeginStop(null, null); } catch (InvalidOperationException) { } });
        try
        {
            await Task.Factory.FromAsync(ps.BeginInvoke(inputCollection, output), ps.EndInvoke).ConfigureAwait(false);
        }
        catch (PipelineStoppedException) when (_cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException(_cancellation);
        }
        catch (RuntimeException ex)
        {
            // The stage failed as a whole (e.g. a parameter it rejected): one error, and the scan goes on.
            var record = new ErrorRecord(ex, "StageFailed," + command, ErrorCategory.NotSpecified, command)
            {
                ErrorDetails = new ErrorDetails($"The {command} stage failed: {ex.Message}")
                {
                    RecommendedAction = "The other stages ran. Run the stage alone with the same parameters to see the cause.",
                },
            };
            lock (ErrorMessages) ErrorMessages.Add($"{command}: {ex.Message}");
            await _sink.ErrorAsync(record).ConfigureAwait(false);
        }
        await Task.WhenAll(errors).ConfigureAwait(false);
        lock (results) return results.ToList();
    }

    public void Dispose() => _runspace.Dispose();
}
