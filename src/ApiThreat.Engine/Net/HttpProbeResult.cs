using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ApiThreat.Engine.Net;

/// <summary>One hop of a redirect chain.</summary>
public sealed record RedirectHop(Uri From, int StatusCode, string Location)
{
    /// <summary>The hop's Set-Cookie values (at most 100): a browser stores cookies set on a redirect too.</summary>
    public IReadOnlyList<string> SetCookies { get; init; } = Array.Empty<string>();
}

/// <summary>
/// A response as evidence: status, every header (multi-valued, in order), a capped body, the redirect chain,
/// and the certificate of the TLS connection. Everything here came from the target: treat it as hostile.
/// </summary>
public sealed class HttpProbeResult
{
    public required Uri RequestedUri { get; init; }
    public required Uri FinalUri { get; init; }
    public string Method { get; init; } = "GET";
    public int StatusCode { get; init; }
    public string? ReasonPhrase { get; init; }
    public Version? HttpVersion { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    public byte[] Body { get; init; } = Array.Empty<byte>();
    public bool BodyTruncated { get; init; }
    public double ElapsedMs { get; init; }
    public IReadOnlyList<RedirectHop> Redirects { get; init; } = Array.Empty<RedirectHop>();
    /// <summary>Why a redirect was not followed (out of scope, bad scheme, loop, too many hops), or null.</summary>
    public string? RedirectStopped { get; init; }
    public X509Certificate2? Certificate { get; init; }
    public SslPolicyErrors CertificateErrors { get; init; }

    private string? _text;

    public string? ContentType => Header("Content-Type");

    /// <summary>The body decoded with the declared charset (UTF-8 when absent or unknown).</summary>
    public string Text => _text ??= Decode();

    public string? Header(string name)
    {
        foreach (var h in Headers) if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
        return null;
    }

    /// <summary>Every value of the header, in order; empty when absent (no allocation then: most lookups find nothing).</summary>
    public IReadOnlyList<string> HeaderValues(string name)
    {
        List<string>? values = null;
        foreach (var h in Headers) if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) (values ??= new(1)).Add(h.Value);
        return values ?? (IReadOnlyList<string>)Array.Empty<string>();
    }

    public bool HasHeader(string name) => Header(name) is not null;

    private string Decode()
    {
        if (Body.Length == 0) return "";
        Encoding encoding = Encoding.UTF8;
        var type = ContentType;
        var i = type?.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (i >= 0)
        {
            var name = type![(i + 8)..].Split(';')[0].Trim().Trim('"', '\'');
            try { encoding = Encoding.GetEncoding(name); } catch (ArgumentException) { }
        }
        return encoding.GetString(Body);
    }

    public override string ToString() => $"{StatusCode} {FinalUri}";
}
