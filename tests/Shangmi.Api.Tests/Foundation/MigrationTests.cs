using System.Net;
using Dapper;
using Shangmi.Api.Data;
using Shangmi.Api.Tests.Infrastructure;

namespace Shangmi.Api.Tests.Foundation;

/// <summary>
/// A service that starts while its database does not exist yet starts anyway, answers not-ready, and migrates by
/// itself once the database appears.
/// </summary>
public class MigrationTests(MigrationTests.Factory factory) : IClassFixture<MigrationTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        /// <summary>Starts the service before its database exists.</summary>
        protected override bool CreateDatabaseFirst => false;
    }

    [Fact]
    public async Task The_service_becomes_ready_by_itself_once_its_database_exists()
    {
        var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/health/ready"), HttpStatusCode.ServiceUnavailable,
            "service.not_ready");

        await TestMariaDb.CreateDatabaseAsync(factory.DatabaseName);
        factory.Clock.Advance(TimeSpan.FromSeconds(5)); // the migrator's retry delay

        var ready = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 100 && ready != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            ready = (await client.GetAsync("/health/ready")).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal(HttpStatusCode.OK, (await factory.StaffLoginAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Two_instances_migrating_at_once_apply_each_script_once()
    {
        var database = await TestMariaDb.CreateDatabaseAsync();
        try
        {
            await using var dataSource = new MySqlConnector.MySqlDataSource(TestMariaDb.ConnectionStringFor(database));
            await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => DatabaseMigrator.Migrate(dataSource, _ => { }))));

            await using var connection = await dataSource.OpenConnectionAsync();
            var applied = (await connection.QueryAsync<string>(
                "SELECT version FROM schema_changelog WHERE type = 0 ORDER BY id")).ToList();
            Assert.NotEmpty(applied);
            Assert.Equal(applied.Distinct().Count(), applied.Count);
        }
        finally
        {
            await TestMariaDb.DropDatabaseAsync(database);
        }
    }
}
