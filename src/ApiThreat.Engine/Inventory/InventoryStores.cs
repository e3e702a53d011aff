using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ApiThreat.Engine.Inventory;

/// <summary>Opens the right kind of inventory store for a location: a PostgreSQL URI or connection string, else an SQLite file.</summary>
public static class InventoryStores
{
    /// <summary>postgres:// or postgresql:// URIs, and key=value connection strings naming a Host (Npgsql's form).</summary>
    public static bool IsPostgres(string location) => PostgresLocation.Matches(location);

    /// <summary>Opens (with <paramref name="create"/>, creates) the store; errors name the location (never a password) and the fix.</summary>
    /// <summary>
    /// Opens the store at <paramref name="location"/>: PostgreSQL for a postgres:// URI or connection string, else an
    /// SQLite file, read as untrusted (<paramref name="cancellationToken"/> stops any query; <paramref name="waiting"/> is
    /// told when a save waits for another writer, for up to <paramref name="lockWait"/> on SQLite; PostgreSQL writers do
    /// not wait for each other).
    /// </summary>
    public static IInventoryStore Open(string location, bool create, NetworkCredential? credential = null,
        CancellationToken cancellationToken = default, Action<string>? waiting = null, TimeSpan? lockWait = null) =>
        IsPostgres(location) ? PostgresInventoryStore.Open(location, create, credential) : InventoryStore.Open(location, create, cancellationToken, waiting, lockWait);

    /// <summary>
    /// A plain connection to the database of an existing store (open it with <see cref="Open"/> first, which makes the
    /// schema): the shards of one scan trade their discovery through it. SQLite waits up to 30 s for another writer.
    /// </summary>
    public static DbConnection OpenConnection(string location, NetworkCredential? credential = null)
    {
        DbConnection connection = IsPostgres(location)
            ? new NpgsqlConnection(PostgresLocation.Build(location, credential).ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.GetFullPath(location), Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30,
            }.ToString());
        try { connection.Open(); }
        catch { connection.Dispose(); throw; }
        return connection;
    }

    /// <summary>Whether a baseline can be read there yet: an existing file, or a PostgreSQL store (its schema is made on first use).</summary>
    public static bool Exists(string location) => IsPostgres(location) || File.Exists(location);

    /// <summary>The location as it may be printed: a PostgreSQL location loses its password.</summary>
    public static string Display(string location) => IsPostgres(location) ? PostgresLocation.Redact(location) : location;
}
