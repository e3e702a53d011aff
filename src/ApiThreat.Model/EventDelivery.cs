namespace ApiThreat;

/// <summary>What Send-ApiThreatEvent delivered to one destination.</summary>
public sealed class EventDelivery
{
    /// <summary>Where the events went (never includes a token or query string).</summary>
    public string Destination { get; set; } = "";
    /// <summary>Udp, Tcp, Tls, Hec or JsonLines.</summary>
    public string Protocol { get; set; } = "";
    public string Format { get; set; } = "";
    public int Events { get; set; }
    public int Sent { get; set; }
    public int Failed { get; set; }
    public int Batches { get; set; }
    public TimeSpan Elapsed { get; set; }
    /// <summary>Where the events that could not be sent were written (-FailedEventPath), or null.</summary>
    public string? FailedEventPath { get; set; }

    public override string ToString() => $"{Destination}: {Sent}/{Events} sent";
}
