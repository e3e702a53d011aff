using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Scan;

/// <summary>Which failures are the normal silence of a name with no web server, rather than something to act on.</summary>
public static class ScanOutcome
{
    private static readonly HashSet<string> s_silence = new(StringComparer.Ordinal)
    {
        "HostNotFound", "DestinationNotFound", "ConnectFailed", "DestinationUnreachable", "ConnectTimeout", "DestinationTimeout",
        "NoPortAnswered", "NoAddress",
    };

    /// <summary>
    /// True when the target simply did not answer: its name does not resolve, or nothing accepts a connection on the
    /// port (refused, unreachable, no answer to the connect). Most discovered names are like that.
    /// </summary>
    public static bool IsUnanswered(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerException!;
        return exception is TargetException { Kind: TargetErrorKind.ConnectionError or TargetErrorKind.Timeout or TargetErrorKind.NotFound } te
            && s_silence.Contains(te.ErrorId);
    }
}
