using System.Text;

namespace ApiThreat.Engine.Discovery.Apis;

/// <summary>
/// What an origin answers for a path it cannot have (the calibration request): status, media type, body length, and how
/// many times the body repeats the asked path. An answer to another path that matches it is the same not-found answer,
/// not a resource. Servers that put the path into their answer shift its length by the difference of the two paths, once
/// per echo: Webdis answers every path 200 JSON naming it twice (<c>{"v1":[false,"ERR unknown command 'v1', ..."]}</c>,
/// https://github.com/nicolasff/webdis#command-format), which had made /v1 and /v2 look like two API versions.
/// </summary>
public sealed record NotFoundBaseline(int Status, string Type, int Length, int Echoes, int EchoLength)
{
    private const int Slack = 48;

    /// <summary>The baseline of a calibration answer to <paramref name="path"/> (its body read as bytes, echoes counted ordinally).</summary>
    public static NotFoundBaseline From(int status, string type, ReadOnlySpan<byte> body, string path)
    {
        var echo = Encoding.UTF8.GetBytes(path.TrimStart('/'));
        var echoes = 0;
        if (echo.Length >= 8)
            for (var at = body.IndexOf(echo); at >= 0 && echoes < 16; echoes++)
            {
                var next = body[(at + echo.Length)..].IndexOf(echo);
                at = next < 0 ? -1 : at + echo.Length + next;
            }
        return new NotFoundBaseline(status, type, body.Length, echoes, echo.Length);
    }

    /// <summary>True when an answer to <paramref name="path"/> with this status, type and length is the not-found answer.</summary>
    public bool Matches(int status, string type, int length, string path)
    {
        if (status != Status || type != Type) return false;
        // A body that may name the path once, of any length (the original tolerance).
        if (Math.Abs(Length - length) <= path.Length + Slack) return true;
        // A body that names the path as often as the calibration's named its own.
        var expected = Length + Echoes * (path.TrimStart('/').Length - EchoLength);
        return Echoes > 0 && Math.Abs(expected - length) <= Slack;
    }
}
