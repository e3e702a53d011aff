using System.Management.Automation;

namespace ApiThreat.Infrastructure;

/// <summary>
/// One API to test read from a piped item: an ApiEndpoint (its Url and Operations), a URL string or Uri, or an object
/// with a Url property and perhaps Operations (an ApiEndpoint that went through Import-Clixml, a job or remoting).
/// </summary>
internal sealed class ApiInput
{
    /// <summary>The URL or host text given; null when the object has no Url property.</summary>
    public string? Text { get; private init; }

    /// <summary>What an error about this input names: the item itself (a string, a Uri, an ApiEndpoint).</summary>
    public object ErrorTarget { get; private init; } = "";

    public ApiOperation[] Operations { get; private init; } = Array.Empty<ApiOperation>();

    /// <summary>Where the URL came from when it must already be an absolute http(s) URL ("ApiEndpoint.Url", "Url"); null for text to parse.</summary>
    public string? UrlProperty { get; private init; }

    public static ApiInput From(object item) => (item is PSObject pso ? pso.BaseObject : item) switch
    {
        ApiEndpoint endpoint => new() { Text = endpoint.Url ?? "", ErrorTarget = endpoint, Operations = endpoint.Operations ?? Array.Empty<ApiOperation>(), UrlProperty = "ApiEndpoint.Url" },
        string text => new() { Text = text, ErrorTarget = text },
        Uri uri => new() { Text = uri.ToString(), ErrorTarget = uri },
        _ => FromProperties(item),
    };

    private static ApiInput FromProperties(object item)
    {
        var wrapped = PSObject.AsPSObject(item);
        if (wrapped.Properties["Url"]?.Value is not { } url) return new() { ErrorTarget = item };
        var operations = OperationInput.From(wrapped.Properties["Operations"]?.Value);
        return new() { Text = url.ToString(), ErrorTarget = item, Operations = operations, UrlProperty = operations.Length == 0 ? null : "Url" };
    }
}
