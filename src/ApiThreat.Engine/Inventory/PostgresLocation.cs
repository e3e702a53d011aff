using System.Net;
using ApiThreat.Engine.Net;
using Npgsql;

namespace ApiThreat.Engine.Inventory;

/// <summary>
/// A PostgreSQL inventory location: a URI (postgres://user:password@host:port/database?sslmode=require) or an Npgsql
/// connection string (Host=...;Database=...). Credentials may come from a PSCredential instead; they are never printed.
/// </summary>
internal static class PostgresLocation
{
    private static readonly Dictionary<string, string> s_uriOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["command_timeout"] = "Command Timeout",
        ["search_path"] = "Search Path",
        ["options"] = "Options",
    };

    public static bool Matches(string location)
    {
        var text = location.TrimStart();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)) return true;
        return text.Contains('=') && text.Split(';').Select(p => p.Split('=')[0].Trim())
            .Any(k => k.Equals("Host", StringComparison.OrdinalIgnoreCase) || k.Equals("Server", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The Npgsql connection string; throws TargetException (naming the redacted location) when it cannot be read.</summary>
    public static NpgsqlConnectionStringBuilder Build(string location, NetworkCredential? credential)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = location.TrimStart().StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && location.Contains("://")
                ? FromUri(location.Trim())
                : new NpgsqlConnectionStringBuilder(location);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or UriFormatException)
        {
            throw new TargetException(Redact(location), "InvalidInventoryLocation", TargetErrorKind.InvalidArgument,
                $"'{Redact(location)}' is not a PostgreSQL location: {ex.Message}",
                "Give postgres://user@host:port/database (password from -Credential) or an Npgsql connection string such as Host=db;Database=apithreat.");
        }
        if (string.IsNullOrEmpty(builder.Host))
            throw new TargetException(Redact(location), "InvalidInventoryLocation", TargetErrorKind.InvalidArgument,
                $"'{Redact(location)}' names no PostgreSQL host.", "Give postgres://user@host:port/database.");
        if (credential is not null)
        {
            builder.Username = credential.UserName;
            builder.Password = credential.Password;
        }
        builder.ApplicationName ??= "ApiThreat";
        builder.IncludeErrorDetail = false; // row values in server errors could carry scanned data
        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length > 0) builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = Uri.UnescapeDataString(eq < 0 ? "" : pair[(eq + 1)..]);
            if (!s_uriOptions.TryGetValue(name, out var key))
                throw new ArgumentException($"the URI option '{name}' is not supported (supported: {string.Join(", ", s_uriOptions.Keys)})");
            builder[key] = value;
        }
        return builder;
    }

    /// <summary>postgres://user@host:port/database: what may be printed about a location.</summary>
    public static string Redact(string location)
    {
        try
        {
            var text = location.Trim();
            var b = text.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && text.Contains("://")
                ? FromUri(text) : new NpgsqlConnectionStringBuilder(text);
            var user = string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username) + "@";
            return $"postgres://{user}{b.Host}:{b.Port}/{b.Database}";
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or UriFormatException)
        {
            return "postgres://(unreadable location)";
        }
    }
}
