using ApiThreat.Engine.Net.Tls;
namespace ApiThreat.Engine.Tests.Transport;

/// <summary>Builds server-side TLS bytes for parser tests: records, handshake messages, ServerHellos.</summary>
internal static class TlsWire
{
    public static byte[] Record(int type, byte[] payload, int version = 0x0303) =>
        new byte[] { (byte)type, (byte)(version >> 8), (byte)version, (byte)(payload.Length >> 8), (byte)payload.Length }.Concat(payload).ToArray();

    public static byte[] Handshake(int type, byte[] body) =>
        new byte[] { (byte)type, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length }.Concat(body).ToArray();

    public static byte[] Extension(int type, byte[] data) =>
        new byte[] { (byte)(type >> 8), (byte)type, (byte)(data.Length >> 8), (byte)data.Length }.Concat(data).ToArray();

    public static byte[] ServerHelloBody(int version, int suite, byte[]? random = null, params byte[][] extensions)
    {
        var b = new List<byte> { (byte)(version >> 8), (byte)version };
        b.AddRange(random ?? Enumerable.Repeat((byte)7, 32));
        b.Add(0); // empty session id
        b.Add((byte)(suite >> 8)); b.Add((byte)suite);
        b.Add(0);
        if (extensions.Length > 0)
        {
            var ext = extensions.SelectMany(e => e).ToArray();
            b.Add((byte)(ext.Length >> 8)); b.Add((byte)ext.Length);
            b.AddRange(ext);
        }
        return b.ToArray();
    }

    public static byte[] ServerHello(int version, int suite, params byte[][] extensions) =>
        Record(22, Handshake(2, ServerHelloBody(version, suite, null, extensions)));

    public static byte[] Alert(int description, int level = 2) => Record(21, new[] { (byte)level, (byte)description });

    public static byte[] U24(int v) => new[] { (byte)(v >> 16), (byte)(v >> 8), (byte)v };
}
