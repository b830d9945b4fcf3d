using Microsoft.Extensions.Options;
using Shangmi.Api.Data;
using Shangmi.Api.Identity.Staff;
using Shangmi.Api.Reference;
using Shangmi.Api.ServiceRequests;

namespace Shangmi.Api.ServiceNetwork;

/// <summary>
/// With <c>Seed:Demo</c> on and no bases yet, adds fictional protection bases and liaison officers to browse locally,
/// and routes 和平区's new requests to the demo-service account, so a request can be tried end to end.
/// </summary>
internal sealed partial class DemoNetworkSeeder(
    NetworkStore network, LedgerStore ledger, ReferenceStore reference, StaffStore staff, IOptions<SeedOptions> options, TimeProvider time,
    ILogger<DemoNetworkSeeder> logger) : IAfterMigration
{
    private static readonly (string Name, string Zone, string District, string Address, decimal Lat, decimal Lng, string Phone)[] Bases =
    [
        ("（演示）和平区商业秘密保护工作站", "小白楼商务区", "和平区", "和平区某某路 18 号", 39.1180m, 117.1960m, "022-2330 0001"),
        ("（演示）西青开发区商业秘密保护基地", "西青经济技术开发区", "西青区", "西青区某某道 6 号", 39.1400m, 117.0100m, "022-2398 0002"),
        ("（演示）滨海高新区商业秘密保护基地", "滨海高新技术产业开发区", "滨海新区", "滨海新区某某大道 99 号", 39.0830m, 117.1300m, "022-6620 0003"),
    ];

    private static readonly (string District, string Name, string Phone)[] Officers =
    [
        ("和平区", "（演示）联络员 宋晴", "022-2330 1101"), ("西青区", "（演示）联络员 何川", "022-2398 1102"),
        ("滨海新区", "（演示）联络员 唐宁", "022-6620 1103"),
    ];

    public async Task RunAsync(CancellationToken ct)
    {
        if (!options.Value.Demo || (await network.BasesAsync(null, ct)).Count > 0)
        {
            return;
        }

        var vocabulary = await reference.VocabularyAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        long District(string name) => ReferenceVocabulary.ByName(vocabulary.Districts, name)!.Id;
        foreach (var b in Bases)
        {
            var (_, checkedBase) = NetworkRules.CheckBase(new ServiceBaseRequest(b.Name, b.Zone, District(b.District), b.Address, b.Lat, b.Lng,
                b.Phone, "商业秘密保护咨询、一对一指导、维权援助、专题培训", "工作日 9:00-12:00，13:30-17:00"), vocabulary);
            await network.CreateBaseAsync(checkedBase!, now, ct);
        }

        foreach (var o in Officers)
        {
            var (_, officer) = NetworkRules.CheckOfficer(new LiaisonOfficerRequest(District(o.District), o.Name, o.Phone), vocabulary);
            await network.CreateOfficerAsync(officer!, now, ct);
        }

        if (await staff.FindCredentialsAsync("demo-service", ct) is { } service)
        {
            await ledger.SetRouteAsync(District("和平区"), service.Id, actorId: null, now, ct);
        }

        LogSeeded(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded demo protection bases and liaison officers")]
    private static partial void LogSeeded(ILogger logger);
}
