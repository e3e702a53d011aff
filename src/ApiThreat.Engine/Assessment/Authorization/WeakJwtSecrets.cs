using System.Text;

namespace ApiThreat.Engine.Assessment.Authorization;

/// <summary>
/// HMAC secrets that tutorials, framework samples and defaults leave in place ("secret", "your-256-bit-secret",
/// "changeme"...). A token is checked against them offline, without a request; a match means anyone can sign tokens.
/// </summary>
public static class WeakJwtSecrets
{
    private static readonly string[] s_secrets =
    {
        "secret", "Secret", "SECRET", "secretkey", "secret_key", "secret-key", "SecretKey", "secret123", "mysecret", "my_secret", "my-secret",
        "mysecretkey", "my_secret_key", "supersecret", "super-secret", "super_secret", "supersecretkey", "topsecret", "s3cr3t", "s3cret",
        "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret", "your_jwt_secret", "your-jwt-secret", "your-secret-key",
        "your_secret_key", "yoursecretkey", "jwt_secret", "jwt-secret", "jwtsecret", "JWT_SECRET", "jwt", "jwtkey", "jwt_key", "token",
        "tokensecret", "auth", "authsecret", "changeme", "change-me", "change_me", "changeit", "changethis", "password", "Password",
        "passw0rd", "123456", "12345678", "1234567890", "qwerty", "admin", "key", "private", "privatekey", "test", "testing", "dev",
        "development", "default", "random", "shhhhh", "shhhhhared-secret", "keyboard cat", "hello", "letmein", "abc123", "notasecret",
        "insecure", "gottalovejwt", "thisismysecret", "thisisasecret", "ThisIsMySecret", "app_secret", "appsecret", "api_secret", "apisecret",
        "server_secret", "session_secret", "HS256", "hs256", "none", "null", "",
    };

    public static int Count => s_secrets.Length;

    /// <summary>The secret from the list that signed the token, or null (also for non-HMAC tokens).</summary>
    public static byte[]? Find(JsonWebToken token)
    {
        if (!token.IsHmac) return null;
        foreach (var s in s_secrets)
        {
            var key = Encoding.UTF8.GetBytes(s);
            if (token.IsSignedWith(key)) return key;
        }
        return null;
    }
}
