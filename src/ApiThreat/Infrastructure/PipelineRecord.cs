using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>What a worker hands to the pipeline thread. Only that thread calls Write*.</summary>
internal enum RecordKind { Output, Error, Warning, Verbose, Debug, Progress, Completed, Invoke }

internal readonly record struct PipelineRecord(RecordKind Kind, object? Payload);
