using System.Net;
using System.Net.Sockets;

namespace PaperMail.Web.Configuration;

/// <summary>
/// Who a request comes from, for rate limits and the login lockout: an IPv4 address as is, an IPv6 address by its
/// /64 (one home or host gets a whole /64, so keying by the full address would give it 2^64 fresh limits).
/// </summary>
public static class ClientKey
{
    public static string For(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    public static string For(HttpContext http) => For(http.Connection.RemoteIpAddress);
}
