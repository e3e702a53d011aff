using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace ApiThreat.Engine.Fingerprints;

/// <summary>
/// Reads an already-fetched response from a piped object, by property name: an HttpProbe, an Invoke-WebRequest
/// result, or any object with Url, Headers and Body (live or deserialized). The cmdlet hands the object over as its
/// properties (nested objects as dictionaries or plain .NET values), so nothing here knows PowerShell.
/// </summary>
public static class ResponseInput
{
    private static readonly Regex s_cookieSplit = new(@",\s*(?=[^;,=\s]+=)", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// True when the object carries response headers; <paramref name="url"/> is its Url, Uri or HostName (or the
    /// request URI of an Invoke-WebRequest result) either way, so an object with only a URL can still be fetched.
    /// </summary>
    public static bool TryRead(IReadOnlyDictionary<string, object?> properties, IReadOnlyCollection<string> typeNames,
        out ResponseEvidence? evidence, out string? url)
    {
        evidence = null;
        url = Text(properties, "Url") ?? Text(properties, "Uri") ?? Text(properties, "HostName") ??
              Text(Member(Member(properties.GetValueOrDefault("BaseResponse"), "RequestMessage"), "RequestUri"));
        if (properties.GetValueOrDefault("Headers") is not { } headerValue) return false;

        // HttpProbe keeps one value per header name, so its several Set-Cookie headers arrive folded with commas.
        var folded = typeNames.Any(t => t.EndsWith("ApiThreat.HttpProbe", StringComparison.Ordinal));
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in Pairs(headerValue))
        {
            if (folded && name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
                foreach (var part in SplitCookies(value)) headers.Add(new(name, part));
            else headers.Add(new(name, value));
        }
        var body = properties.GetValueOrDefault("Body") is byte[] bytes ? Encoding.UTF8.GetString(bytes)
            : Text(properties, "Body") ?? Text(properties, "Content") ?? "";
        evidence = new ResponseEvidence
        {
            Url = url ?? "",
            StatusCode = int.TryParse(Text(properties, "StatusCode"), out var code) ? code : 0,
            Headers = headers,
            Cookies = properties.GetValueOrDefault("Cookies") is { } cookies ? Pairs(cookies).ToList() : new List<KeyValuePair<string, string>>(),
            Body = body,
            Title = Text(properties, "Title"),
            CertificateIssuer = Text(properties, "CertificateIssuer"),
        };
        return true;
    }

    private static IEnumerable<string> SplitCookies(string value)
    {
        try { return s_cookieSplit.Split(value); }
        catch (RegexMatchTimeoutException) { return new[] { value }; }
    }

    private static string? Text(IReadOnlyDictionary<string, object?> properties, string name) => Text(properties.GetValueOrDefault(name));

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => value.ToString(),
    };

    /// <summary>name → value pairs from a dictionary (values may be lists) or a list of Name/Key + Value entries.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Pairs(object value)
    {
        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry e in dictionary)
                foreach (var v in Values(e.Value)) yield return new(e.Key.ToString() ?? "", v);
            yield break;
        }
        if (value is not IEnumerable list || value is string) yield break;
        foreach (var entry in list)
        {
            var name = Text(Member(entry, "Name") ?? Member(entry, "Key"));
            if (name is not null) foreach (var v in Values(Member(entry, "Value"))) yield return new(name, v);
        }
    }

    private static IEnumerable<string> Values(object? value)
    {
        switch (value)
        {
            case null: yield break;
            case string s: yield return s; break;
            case IEnumerable e: foreach (var v in e) if (v is not null) yield return v.ToString()!; break;
            default: yield return value.ToString()!; break;
        }
    }

    /// <summary>A named member of a dictionary (case-insensitive) or of a plain object's public properties; null when absent or failing.</summary>
    private static object? Member(object? container, string name)
    {
        switch (container)
        {
            case null: return null;
            case IDictionary dictionary:
                foreach (DictionaryEntry e in dictionary)
                    if (string.Equals(e.Key as string, name, StringComparison.OrdinalIgnoreCase)) return e.Value;
                return null;
        }
        try
        {
            return container.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.GetValue(container);
        }
        catch (Exception ex) when (ex is TargetInvocationException or AmbiguousMatchException or ArgumentException or MethodAccessException) { return null; }
    }
}
