namespace Shangmi.Api.Data;

/// <summary>Start-up work that needs the migrated schema (first admin, demo content); runs once migrations succeed.</summary>
public interface IAfterMigration
{
    Task RunAsync(CancellationToken ct);
}
