using System.Text;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// The headers that carry an identity's credentials, checked before anything is sent: a header name is a token, a
/// value has no line break (it would split the request), and a bare token becomes a Bearer credential.
/// </summary>
public static class IdentityHeaders
{
    public static KeyValuePair<string, string> Header(string identity, string name, string value)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsControl(c) || c is ':' or ' '))
            throw new ArgumentException($"-Identity '{identity}' has an invalid header name '{name}': use names such as Authorization, Cookie or X-Api-Key.");
        if (value.Any(c => c is '\r' or '\n'))
            throw new ArgumentException($"-Identity '{identity}': the header '{name}' has a line break in its value.");
        return new(name, value);
    }

    /// <summary>A hashtable's headers; none is an error.</summary>
    public static KeyValuePair<string, string>[] From(string identity, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var list = headers.Select(h => Header(identity, h.Key, h.Value)).ToArray();
        if (list.Length == 0) throw new ArgumentException($"-Identity '{identity}' has no headers: give at least one, e.g. @{{ Authorization = 'Bearer …' }}.");
        return list;
    }

    public static KeyValuePair<string, string>[] Basic(string userName, string password) =>
        new[] { new KeyValuePair<string, string>("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password))) };

    /// <summary>A token a login returned: "scheme value" as it is, a bare token as Bearer.</summary>
    public static KeyValuePair<string, string>[] Token(string identity, string token)
    {
        token = token.Trim();
        return new[] { Header(identity, "Authorization", token.Contains(' ') ? token : "Bearer " + token) };
    }

    /// <summary>-Operation "METHOD /path/{param}" as operations; a malformed one is an ArgumentException naming it.</summary>
    public static ApiOperation[] ParseOperations(IEnumerable<string>? operations)
    {
        var list = new List<ApiOperation>();
        foreach (var text in operations ?? Array.Empty<string>())
        {
            var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !parts[1].StartsWith('/') || !parts[0].All(char.IsAsciiLetter))
                throw new ArgumentException($"-Operation '{text}' is not of the form 'METHOD /path' (e.g. 'GET /notes/{{id}}').");
            list.Add(new ApiOperation { Method = parts[0].ToUpperInvariant(), Path = parts[1] });
        }
        return list.ToArray();
    }
}
