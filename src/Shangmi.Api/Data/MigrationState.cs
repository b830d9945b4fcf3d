namespace Shangmi.Api.Data;

/// <summary>Whether this process has brought the database schema up to date; readiness depends on it.</summary>
public sealed class MigrationState
{
    private volatile bool _migrated;

    public bool IsMigrated => _migrated;

    public void MarkMigrated() => _migrated = true;
}
