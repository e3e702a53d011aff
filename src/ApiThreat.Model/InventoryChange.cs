namespace ApiThreat;

/// <summary>One difference between an inventory baseline and the current state.</summary>
public sealed class InventoryChange
{
    public ChangeType ChangeType { get; set; }
    /// <summary>Host, Endpoint, Operation, Dns, Certificate, Ip, Technology, Authentication.</summary>
    public string ItemType { get; set; } = "";
    public string Key { get; set; } = "";
    public string? Property { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public Severity Severity { get; set; } = Severity.Info;
    /// <summary>The ATR-INV rule the change stands for when it is a risk (lost authentication, new endpoint...), else null.</summary>
    public string? RuleId { get; set; }
    /// <summary>The host the change concerns, for grouping and scoring.</summary>
    public string HostName { get; set; } = "";
    public DateTimeOffset BaselineTime { get; set; }
    public DateTimeOffset DetectedAt { get; set; } = DateTimeOffset.UtcNow;

    public override string ToString() => $"{ChangeType} {ItemType} {Key} {Property}";
}
