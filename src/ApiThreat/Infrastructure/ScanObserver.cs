using System.Management.Automation;
using ApiThreat.Engine.Scan;
using ApiThreat.Engine.Text;

namespace ApiThreat.Infrastructure;

/// <summary>The scan pipeline's reports as pipeline records: one error per target and cause naming its stage, one progress bar.</summary>
internal sealed class ScanObserver : IScanObserver
{
    private readonly ResultSink _sink;
    private readonly string _domains;

    public ScanObserver(ResultSink sink, string domains)
    {
        _sink = sink;
        _domains = domains;
    }

    /// <summary>Runs one scan and writes its ScanResult, its closing warning, or (a data file the scan needs is unreadable) one InvalidScanData error.</summary>
    public static async Task RunAsync(ResultSink sink, ScanRequest request, Engine.Net.NetworkContext network, string domains, CancellationToken ct)
    {
        using var pipeline = new ScanPipeline(request, network, new ScanObserver(sink, domains));
        ScanResult result;
        try { result = await pipeline.RunAsync(ct).ConfigureAwait(false); }
        catch (InvalidDataException ex)
        {
            await sink.ErrorAsync(new ErrorRecord(ex, "InvalidScanData", ErrorCategory.InvalidData, null)
            { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Reinstall the module, or fix the file named." } }).ConfigureAwait(false);
            return;
        }
        if (ScanSummary.Closing(result) is { } closing) await sink.WarningAsync(closing).ConfigureAwait(false);
        await sink.OutputAsync(result).ConfigureAwait(false);
    }

    public void Verbose(string message) => _sink.Verbose(TextSafety.StripControl(message));

    public ValueTask WarningAsync(string message) => _sink.WarningAsync(TextSafety.StripControl(message));

    public ValueTask ErrorAsync(ScanFailure failure)
    {
        var record = ErrorMapping.ToErrorRecord(failure.Exception, failure.Target);
        record.CategoryInfo.Activity = failure.Stage;
        var message = $"[{failure.Stage}] {TextSafety.StripControl(failure.Exception.Message)}";
        record.ErrorDetails = new ErrorDetails(message)
        {
            RecommendedAction = record.ErrorDetails?.RecommendedAction ?? "The other targets and stages ran. Re-run the stage's cmdlet on this target with -Verbose to see more.",
        };
        return _sink.ErrorAsync(record);
    }

    public void Progress(ScanProgress p)
    {
        var status = $"{p.Stage}: {p.HostsFound:N0} hosts found, {p.HostsAssessed:N0} assessed ({p.UnansweredHosts:N0} silent), {p.Findings:N0} findings, {p.Elapsed:hh\\:mm\\:ss}";
        _sink.Progress(new ProgressRecord(4242, "ApiThreat scan of " + _domains, status)
        {
            RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            PercentComplete = p.Completed ? 100 : p.HostsFound == 0 ? 0 : Math.Min(99, p.HostsAssessed * 100 / p.HostsFound),
        });
    }
}
