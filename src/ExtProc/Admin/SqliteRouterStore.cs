using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ExtProcRouter.Admin;

/// <summary>What an update or create did.</summary>
public enum RouterWriteResult { Written, NotFound, NameTaken }

/// <summary>
/// API-created routers in a SQLite file: one row per router, its routing config as JSON. The UNIQUE name
/// column makes "name already exists" atomic even when two creates race.
/// </summary>
public sealed class SqliteRouterStore
{
    private const int ConstraintViolation = 19;
    private readonly string _connectionString;

    public SqliteRouterStore(string databasePath)
    {
        // No pooling: control-plane calls are rare, and a released file lets a new host (or a test) reopen it at once.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS model_routers (
              uuid TEXT PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              description TEXT,
              config TEXT NOT NULL,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }

    public async Task<IReadOnlyList<StoredRouter>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT uuid, name, description, config, created_at, updated_at FROM model_routers ORDER BY created_at, name";
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredRouter?> GetAsync(string uuid, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT uuid, name, description, config, created_at, updated_at FROM model_routers WHERE uuid = $uuid";
        command.Parameters.AddWithValue("$uuid", uuid);
        var rows = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<RouterWriteResult> CreateAsync(StoredRouter router, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO model_routers (uuid, name, description, config, created_at, updated_at)
            VALUES ($uuid, $name, $description, $config, $created, $updated)
            """;
        Bind(command, router);
        return await WriteAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RouterWriteResult> UpdateAsync(StoredRouter router, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE model_routers SET name = $name, description = $description, config = $config, updated_at = $updated
            WHERE uuid = $uuid
            """;
        Bind(command, router);
        return await WriteAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string uuid, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM model_routers WHERE uuid = $uuid";
        command.Parameters.AddWithValue("$uuid", uuid);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static async Task<RouterWriteResult> WriteAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0
                ? RouterWriteResult.Written
                : RouterWriteResult.NotFound;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == ConstraintViolation)
        {
            return RouterWriteResult.NameTaken;
        }
    }

    private static void Bind(SqliteCommand command, StoredRouter router)
    {
        command.Parameters.AddWithValue("$uuid", router.Uuid);
        command.Parameters.AddWithValue("$name", router.Name);
        command.Parameters.AddWithValue("$description", (object?)router.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$config", JsonSerializer.Serialize(router.Config, AdminJsonContext.Default.RouterConfigBody));
        command.Parameters.AddWithValue("$created", router.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$updated", router.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
    }

    private static async Task<IReadOnlyList<StoredRouter>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var routers = new List<StoredRouter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var config = JsonSerializer.Deserialize(reader.GetString(3), AdminJsonContext.Default.RouterConfigBody)
                         ?? throw new InvalidDataException($"Router {reader.GetString(0)} has an empty config.");
            routers.Add(new StoredRouter(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                config,
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }
        return routers;
    }
}
