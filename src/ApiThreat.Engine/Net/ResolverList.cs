using System.Net;

namespace ApiThreat.Engine.Net;

/// <summary>-Resolver's values as endpoints (host, host:port, IPv4, [IPv6]:port); the first bad one is an <see cref="ArgumentException"/> saying why.</summary>
public static class ResolverList
{
    public static List<IPEndPoint> Parse(IEnumerable<string>? values)
    {
        var resolvers = new List<IPEndPoint>();
        foreach (var r in values ?? Array.Empty<string>())
        {
            if (!ResolverEndpoint.TryParse(r, out var endPoint, out var error)) throw new ArgumentException(error);
            resolvers.Add(endPoint!);
        }
        return resolvers;
    }
}
