using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace ApiThreat.Infrastructure;

/// <summary>Hashtable parameters keyed by a name (-ApiKey, -ProviderEndpoint): keys and values unwrapped, secrets read as credentials.</summary>
internal static class NamedValues
{
    /// <summary>Each entry's key as text and its value, both unwrapped from PSObject.</summary>
    public static IEnumerable<(string? Key, object? Value)> Entries(Hashtable? table)
    {
        foreach (DictionaryEntry entry in table ?? new Hashtable())
            yield return ((entry.Key is PSObject k ? k.BaseObject : entry.Key)?.ToString(), entry.Value is PSObject v ? v.BaseObject : entry.Value);
    }

    /// <summary>A secret given as a SecureString or a PSCredential (its user name kept); null for anything else, plain text included.</summary>
    public static NetworkCredential? Credential(object? value) => value switch
    {
        SecureString secure => new NetworkCredential("", secure),
        PSCredential credential => new NetworkCredential(credential.UserName ?? "", credential.Password),
        _ => null,
    };
}
