using System.Security.Cryptography;
using System.Text;

namespace QualityDiversity.Web.Hosting;

/// <summary>
/// The secret a server start makes up: 32 random bytes as URL-safe base64, required for every
/// write and (off loopback) every request. It lives in memory only and is compared in constant time.
/// </summary>
internal sealed class AccessToken
{
    private readonly byte[] _bytes;

    private AccessToken(string value)
    {
        Value = value;
        _bytes = Encoding.ASCII.GetBytes(value);
    }

    /// <summary>The token text.</summary>
    public string Value { get; }

    /// <summary>A new random token.</summary>
    public static AccessToken Create() => new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    /// <summary>Whether <paramref name="candidate"/> is this token.</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length != Value.Length) return false;
        return CryptographicOperations.FixedTimeEquals(_bytes, Encoding.ASCII.GetBytes(candidate));
    }

    /// <summary>Hides the token from accidental logging.</summary>
    public override string ToString() => "(token)";
}
