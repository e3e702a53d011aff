using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// A compact JWS (RFC 7515) read without verifying it, to build the tampered variants a verifier must refuse: the same
/// claims under "alg":"none", with the signature stripped, signed with another key, or with the expiry moved into the
/// past. Only HMAC signing is done here (RFC 7518 §3.2), with keys we choose or recovered from a guessable secret.
/// </summary>
public sealed class JsonWebToken
{
    private JsonWebToken(string raw, JsonObject header, JsonObject payload, string[] parts)
    {
        Raw = raw;
        Header = header;
        Payload = payload;
        _parts = parts;
    }

    private readonly string[] _parts;

    /// <summary>The token as given (a secret: never written anywhere).</summary>
    public string Raw { get; }
    public JsonObject Header { get; }
    public JsonObject Payload { get; }
    public string Algorithm => Header["alg"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
    public bool IsHmac => Algorithm is "HS256" or "HS384" or "HS512";
    /// <summary>The signing input (header.payload) as sent, for checking a candidate key.</summary>
    public string SigningInput => _parts[0] + "." + _parts[1];
    public string Signature => _parts[2];

    /// <summary>The expiry claim, when present and numeric.</summary>
    public DateTimeOffset? Expires =>
        Payload["exp"] is JsonValue v && v.TryGetValue<double>(out var seconds) && seconds is > 0 and < 1e11
            ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : null;

    /// <summary>Reads a compact JWS; false for anything else (opaque tokens, JWE, garbage). Bounded: 16 KB.</summary>
    public static bool TryParse(string? text, out JsonWebToken token)
    {
        token = null!;
        if (string.IsNullOrEmpty(text) || text.Length > 16 * 1024) return false;
        var parts = text.Split('.');
        if (parts.Length != 3 || parts[0].Length < 4 || parts[1].Length < 2) return false;
        try
        {
            if (JsonNode.Parse(Base64Url.Decode(parts[0]), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is not JsonObject header) return false;
            if (JsonNode.Parse(Base64Url.Decode(parts[1]), documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) is not JsonObject payload) return false;
            if (header["alg"] is null) return false;
            token = new JsonWebToken(text, header, payload, parts);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>String claims that name the user (sub, user_id, username, email...), for recognising the identity's own objects.</summary>
    public IEnumerable<string> IdentityClaims()
    {
        foreach (var name in new[] { "sub", "user_id", "userId", "uid", "id", "username", "preferred_username", "email", "upn", "unique_name", "login" })
        {
            if (Payload[name] is not JsonValue value) continue;
            if (value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s)) yield return s;
            else if (value.TryGetValue<long>(out var n)) yield return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The same claims, "alg" set to <paramref name="noneSpelling"/>, and no signature (RFC 7519 §6 unsecured JWT).</summary>
    public string WithAlgorithmNone(string noneSpelling = "none")
    {
        var header = (JsonObject)Header.DeepClone();
        header["alg"] = noneSpelling;
        return Encode(header) + "." + _parts[1] + ".";
    }

    /// <summary>The header and claims as sent, the signature removed.</summary>
    public string WithoutSignature() => SigningInput + ".";

    /// <summary>The header and claims as sent, re-signed with HS256 and <paramref name="key"/> (a key the server never chose).</summary>
    public string SignedWith(byte[] key, JsonObject? payload = null)
    {
        var header = (JsonObject)Header.DeepClone();
        header["alg"] = "HS256";
        header.Remove("kid");
        header.Remove("jku");
        header.Remove("x5u");
        var input = Encode(header) + "." + (payload is null ? _parts[1] : Encode(payload));
        return input + "." + Base64Url.Encode(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(input)));
    }

    /// <summary>The claims with "exp" (and "iat"/"nbf" when they would come after it) moved into the past.</summary>
    public JsonObject ExpiredPayload(DateTimeOffset now)
    {
        var payload = (JsonObject)Payload.DeepClone();
        var expired = now.AddDays(-1).ToUnixTimeSeconds();
        payload["exp"] = expired;
        if (payload.ContainsKey("iat")) payload["iat"] = expired - 3600;
        if (payload.ContainsKey("nbf")) payload["nbf"] = expired - 3600;
        return payload;
    }

    /// <summary>Whether <paramref name="key"/> produced this token's HMAC signature (constant time).</summary>
    public bool IsSignedWith(byte[] key)
    {
        if (!IsHmac) return false;
        byte[] expected;
        try { expected = Base64Url.Decode(Signature); }
        catch (FormatException) { return false; }
        var input = Encoding.ASCII.GetBytes(SigningInput);
        var actual = Algorithm switch
        {
            "HS384" => HMACSHA384.HashData(key, input),
            "HS512" => HMACSHA512.HashData(key, input),
            _ => HMACSHA256.HashData(key, input),
        };
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Same as <see cref="SignedWith"/> but keeping the token's own HMAC algorithm (for a recovered key).</summary>
    public string ResignedWith(byte[] key, JsonObject payload)
    {
        var input = _parts[0] + "." + Encode(payload);
        var data = Encoding.ASCII.GetBytes(input);
        var mac = Algorithm switch
        {
            "HS384" => HMACSHA384.HashData(key, data),
            "HS512" => HMACSHA512.HashData(key, data),
            _ => HMACSHA256.HashData(key, data),
        };
        return input + "." + Base64Url.Encode(mac);
    }

    private static string Encode(JsonObject o) => Base64Url.Encode(Encoding.UTF8.GetBytes(o.ToJsonString()));
}

/// <summary>Base64url without padding (RFC 4648 §5), as JOSE uses it.</summary>
public static class Base64Url
{
    public static string Encode(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Decode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        switch (s.Length % 4)
        {
            case 2: s += "=="; break;
            case 3: s += "="; break;
            case 1: throw new FormatException("Not base64url.");
        }
        return Convert.FromBase64String(s);
    }
}
