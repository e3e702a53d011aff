using System.Collections.ObjectModel;
using System.Management.Automation;
using ApiThreat.Engine.Text;

namespace ApiThreat.Infrastructure;

/// <summary>
/// The error of each kind of bad input, the same from every cmdlet: one id, one message and one fix. Bad input is
/// non-terminating (the pipeline goes on with the next item) and names what was given, escaped for the console.
/// </summary>
internal static class InputErrors
{
    public static ErrorRecord InvalidTarget(string reason, object target) =>
        Record(new ArgumentException(reason), "InvalidTarget", ErrorCategory.InvalidArgument, target, reason,
            "Give a host name, host:port or an http(s) URL.");

    public static ErrorRecord InvalidDomain(string input, string reason)
    {
        var message = $"'{Show(input)}' is not a domain name: {reason}.";
        return Record(new ArgumentException(message), "InvalidDomain", ErrorCategory.InvalidArgument, input, message,
            "Give a domain name such as contoso.com (no scheme, port or path).");
    }

    /// <summary>A -Port value that is no port, range or TopN list; <paramref name="given"/> is the value as the user wrote it.</summary>
    public static ErrorRecord InvalidPort(ArgumentException reason, string given) =>
        Record(reason, "InvalidPort", ErrorCategory.InvalidArgument, given, reason.Message, "Give -Port numbers (443), ranges (8000-8100, 1-65535) or Top100/Top1000.");

    /// <summary>A parameter that voids the whole call (the caller throws it as terminating); <paramref name="fix"/> says what to give instead.</summary>
    public static ErrorRecord Parameter(string message, string id, object? target, string? fix = null, Exception? inner = null)
    {
        var record = new ErrorRecord(new ArgumentException(message, inner), id, ErrorCategory.InvalidArgument, target);
        if (fix is not null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix };
        return record;
    }

    /// <summary>A piped object without the properties the cmdlet reads (<paramref name="needs"/>: "a Url or HostName property").</summary>
    public static ErrorRecord InvalidInput(object item, string needs, string accepted)
    {
        var message = $"The input object has no {needs}.";
        return Record(new ArgumentException(message), "InvalidInput", ErrorCategory.InvalidArgument, item, message, $"Pipe {accepted}.");
    }

    public static ErrorRecord NotAnApiThreatObject(object value, string command)
    {
        var type = (value is PSObject wrapped ? wrapped.BaseObject : value).GetType().FullName;
        // PowerShell's own rendering: a [pscustomobject] reads @{Name=...}, not the empty string its base object gives.
        var message = $"'{Show(PSObject.AsPSObject(value).ToString())}' ({type}) is not an ApiThreat object: {command} takes the output of ApiThreat cmdlets. It was skipped.";
        return Record(new ArgumentException(message), "NotAnApiThreatObject", ErrorCategory.InvalidType, value, message,
            "Pipe the output of ApiThreat cmdlets (Find-*, Get-*, Test-*, Invoke-ApiThreatScan).");
    }

    /// <summary>Resolves a path with wildcards to files; none matching is a non-terminating error of the given id.</summary>
    public static Collection<string> ResolveFiles(this PSCmdlet cmdlet, string pattern, string errorId)
    {
        try
        {
            var files = cmdlet.GetResolvedProviderPathFromPSPath(pattern, out _);
            if (files.Count > 0) return files;
        }
        catch (Exception ex) when (ex is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException) { }
        var message = $"No file matches '{Show(pattern)}'.";
        cmdlet.WriteError(Record(new ItemNotFoundException(message), errorId, ErrorCategory.ObjectNotFound, pattern, message,
            "Check the path; use -LiteralPath for names with wildcard characters."));
        return new Collection<string>();
    }

    /// <summary>A path taken literally (no wildcards) that must name a file or folder; a missing one is a non-terminating error of the given id.</summary>
    public static Collection<string> ResolveLiteral(this PSCmdlet cmdlet, string path, string errorId, string fix)
    {
        var full = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        if (File.Exists(full) || Directory.Exists(full)) return new Collection<string> { full };
        var message = $"No file or folder '{Show(path)}'.";
        cmdlet.WriteError(Record(new ItemNotFoundException(message), errorId, ErrorCategory.ObjectNotFound, path, message, fix));
        return new Collection<string>();
    }

    private static string Show(string? text) => TextSafety.StripControl(TextSafety.Truncate(text, 200));

    private static ErrorRecord Record(Exception exception, string id, ErrorCategory category, object target, string message, string fix) =>
        new(exception, id, category, target) { ErrorDetails = new ErrorDetails(message) { RecommendedAction = fix } };
}
