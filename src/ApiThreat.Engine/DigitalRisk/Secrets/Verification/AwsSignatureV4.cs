using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ApiThreat.Engine.DigitalRisk.Secrets.Verification;

/// <summary>
/// AWS Signature Version 4 for one POST with a form body, as STS GetCallerIdentity needs it (the signing steps of
/// AWS's documentation: canonical request, string to sign, derived key, signature over the host and x-amz-date headers).
/// </summary>
public static class AwsSignatureV4
{
    public static IReadOnlyList<KeyValuePair<string, string>> Sign(Uri endpoint, string body, string keyId, string secret,
        DateTimeOffset now, string region = "us-east-1", string service = "sts")
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var canonical = string.Join('\n',
            "POST",
            endpoint.AbsolutePath.Length == 0 ? "/" : endpoint.AbsolutePath,
            "",
            $"host:{host}",
            $"x-amz-date:{amzDate}",
            "",
            "host;x-amz-date",
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, toSign));
        return new[]
        {
            new KeyValuePair<string, string>("X-Amz-Date", amzDate),
            new KeyValuePair<string, string>("Authorization",
                $"AWS4-HMAC-SHA256 Credential={keyId}/{scope}, SignedHeaders=host;x-amz-date, Signature={signature}"),
        };
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
