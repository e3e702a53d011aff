using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Scan;

/// <summary>
/// Where the pipeline reports while it runs. Called from worker threads: the cmdlet queues what it receives and writes
/// it from the pipeline thread. Errors arrive once per target and cause, already deduplicated across stages.
/// </summary>
public interface IScanObserver
{
    void Verbose(string message);
    ValueTask WarningAsync(string message);
    ValueTask ErrorAsync(ScanFailure failure);
    void Progress(ScanProgress progress);
}

/// <summary>One failure a user must act on: the stage, the target (host, host:port, URL) and the cause.</summary>
public sealed record ScanFailure(string Stage, string Target, Exception Exception)
{
    public string ErrorId => Exception is TargetException te ? te.ErrorId : "UnexpectedError," + Exception.GetType().Name;
}

/// <summary>A snapshot of the scan's progress (the cmdlet turns it into one progress bar).</summary>
public sealed record ScanProgress(string Stage, int HostsFound, int HostsAssessed, int UnansweredHosts, int Findings, TimeSpan Elapsed, bool Completed);
