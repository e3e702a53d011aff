using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApiThreat.Engine.Assessment.Authorization;

namespace ApiThreat.Engine.Tests.Assessment.Authorization;

public class JsonWebTokenTests
{
    /// <summary>An HS256 token signed with <paramref name="key"/>, as a server would issue it.</summary>
    internal static string Sign(string key, string payload = """{"sub":"alice","user_id":7,"exp":4102444800}""")
    {
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""")) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload));
        return input + "." + Base64Url.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void Reads_a_compact_jws_and_refuses_other_tokens()
    {
        Assert.True(JsonWebToken.TryParse(Sign("k"), out var jwt));
        Assert.Equal("HS256", jwt.Algorithm);
        Assert.True(jwt.IsHmac);
        Assert.Equal(new[] { "alice", "7" }, jwt.IdentityClaims().ToArray());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(4102444800), jwt.Expires);
        Assert.False(JsonWebToken.TryParse("40f1c0ffee", out _));
        Assert.False(JsonWebToken.TryParse("a.b.c", out _));
        Assert.False(JsonWebToken.TryParse(new string('x', 20_000), out _));
    }

    [Fact]
    public void Tampered_variants_keep_the_claims_and_change_only_what_they_say()
    {
        JsonWebToken.TryParse(Sign("k"), out var jwt);
        var none = jwt.WithAlgorithmNone();
        Assert.EndsWith(".", none);
        Assert.True(JsonWebToken.TryParse(none + "x", out var parsedNone) || none.Split('.').Length == 3);
        var header = JsonNode.Parse(Base64Url.Decode(none.Split('.')[0]))!;
        Assert.Equal("none", header["alg"]!.GetValue<string>());
        Assert.Equal(jwt.Raw.Split('.')[1], none.Split('.')[1]);
        Assert.Equal(jwt.SigningInput + ".", jwt.WithoutSignature());

        var key = RandomNumberGenerator.GetBytes(32);
        Assert.True(JsonWebToken.TryParse(jwt.SignedWith(key), out var resigned));
        Assert.True(resigned.IsSignedWith(key));
        Assert.False(jwt.IsSignedWith(key));
        Assert.True(jwt.IsSignedWith(Encoding.UTF8.GetBytes("k")));

        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        JsonWebToken.TryParse(jwt.ResignedWith(Encoding.UTF8.GetBytes("k"), jwt.ExpiredPayload(now)), out var expired);
        Assert.True(expired.IsSignedWith(Encoding.UTF8.GetBytes("k")));
        Assert.True(expired.Expires < now);
        Assert.Equal("alice", expired.Payload["sub"]!.GetValue<string>());
    }

    [Fact]
    public void Guessable_secrets_are_found_offline_and_strong_ones_are_not()
    {
        JsonWebToken.TryParse(Sign("your-256-bit-secret"), out var weak);
        Assert.NotNull(WeakJwtSecrets.Find(weak));
        JsonWebToken.TryParse(Sign(Convert.ToHexString(RandomNumberGenerator.GetBytes(32))), out var strong);
        Assert.Null(WeakJwtSecrets.Find(strong));
    }

    [Fact]
    public void An_identity_finds_its_jwt_in_a_header_or_a_cookie_and_swaps_it()
    {
        var token = Sign("k");
        var bearer = new AuthIdentity("alice", new[] { new KeyValuePair<string, string>("Authorization", "Bearer " + token) });
        Assert.Equal("Authorization", bearer.Jwt()!.Value.Header);
        Assert.Equal("Bearer x.y.", bearer.WithTokenReplaced(token, "x.y.")[0].Value);
        var cookie = new AuthIdentity("bob", new[] { new KeyValuePair<string, string>("Cookie", "theme=dark; session=" + token) });
        Assert.Equal(token, cookie.Jwt()!.Value.Token.Raw);
        var opaque = new AuthIdentity("carol", new[] { new KeyValuePair<string, string>("Authorization", "Token 40f1c0ffee40f1c0ffee") });
        Assert.Null(opaque.Jwt());
    }
}
