namespace ApiThreat.Engine.Discovery.Subdomains;

/// <summary>
/// A found host as one line of a shard's part: "name TAB w|- TAB address,address TAB json". The head carries what a
/// shard needs of a host another shard owns (its name, whether it matched a wildcard, its addresses), so the JSON —
/// the whole host, for a shard that owns it — is read only by its owner. A name with a control character (DNS allows
/// any byte) is written as the JSON alone, which the reader also takes.
/// </summary>
internal static class HostRecord
{
    private const char Separator = '\t';

    public static string Write(DiscoveredHost host, string json)
    {
        if (host.HostName.Length == 0 || host.HostName.Any(char.IsControl) || host.Addresses.Any(a => a.Any(c => c is ',' || char.IsControl(c))))
            return json;
        return string.Join(Separator, host.HostName, host.IsWildcard ? "w" : "-", string.Join(',', host.Addresses), json);
    }

    /// <summary>Reads the head of a record; <paramref name="jsonLength"/> is the length of the JSON that ends it. False for a JSON-only record.</summary>
    public static bool TryReadHead(ReadOnlySpan<char> record, out string name, out bool wildcard, out string[] addresses, out int jsonLength)
    {
        name = "";
        wildcard = false;
        addresses = Array.Empty<string>();
        jsonLength = 0;
        var first = record.IndexOf(Separator);
        if (first <= 0 || record[0] == '{') return false;
        var rest = record[(first + 1)..];
        var second = rest.IndexOf(Separator);
        if (second < 0) return false;
        var flag = rest[..second];
        rest = rest[(second + 1)..];
        var third = rest.IndexOf(Separator);
        if (third < 0) return false;
        name = record[..first].ToString();
        wildcard = flag is "w";
        addresses = third == 0 ? Array.Empty<string>() : rest[..third].ToString().Split(',');
        jsonLength = rest.Length - third - 1;
        return true;
    }
}
