using System.Net;
using System.Net.Sockets;

namespace Shangmi.Api.Common.RateLimiting;

/// <summary>
/// The one rule for which client a request counts against in per-address limits. Proxies are resolved before
/// this (only configured ones, see <c>Network:KnownProxies</c>). An IPv4 address is one client; an IPv6 client
/// is its /64 network, because one home or phone gets a whole /64 and can pick a fresh address in it for every
/// request. The key lives only in limiters' memory: never log it (tip routes must not reveal their callers).
/// </summary>
public static class ClientAddress
{
    public static string PartitionKey(HttpContext http) => PartitionKey(http.Connection.RemoteIpAddress);

    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
