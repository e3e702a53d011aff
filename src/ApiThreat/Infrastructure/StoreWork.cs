using System.Management.Automation;
using ApiThreat.Engine.Net;

namespace ApiThreat.Infrastructure;

/// <summary>Synchronous inventory-store work on the pipeline thread (open, read, write a snapshot), with one error policy.</summary>
internal static class StoreWork
{
    /// <summary>
    /// Runs <paramref name="work"/>: a store that cannot be reached or read terminates with its own error id, naming
    /// <paramref name="target"/> (default: what the error names); Ctrl+C (<paramref name="stop"/>) stops the pipeline.
    /// </summary>
    public static void RunStoreWork(this PSCmdlet cmdlet, Action work, object? target, CancellationToken stop)
    {
        try
        {
            work();
        }
        catch (TargetException ex)
        {
            cmdlet.ThrowTerminatingError(ErrorMapping.ToErrorRecord(ex, target ?? ex.Target));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }
}
