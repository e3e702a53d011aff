namespace ApiThreat.Engine.Net.Tls;

/// <summary>A ServerHello (or HelloRetryRequest) as received.</summary>
public sealed class ServerHello
{
    /// <summary>The negotiated version: supported_versions when present, else the legacy version field.</summary>
    public int Version { get; init; }
    public int LegacyVersion { get; init; }
    public int CipherSuite { get; init; }
    public int Compression { get; init; }
    public bool IsHelloRetryRequest { get; init; }
    /// <summary>The server acknowledged status_request (TLS 1.2 and below): a CertificateStatus should follow.</summary>
    public bool StatusRequestAcknowledged { get; init; }
    public IReadOnlyList<int> ExtensionTypes { get; init; } = Array.Empty<int>();
}

/// <summary>A TLS alert the server sent.</summary>
public readonly record struct TlsAlert(int Level, int Description)
{
    public string Name => Description switch
    {
        0 => "close_notify", 10 => "unexpected_message", 20 => "bad_record_mac", 40 => "handshake_failure", 42 => "bad_certificate",
        47 => "illegal_parameter", 50 => "decode_error", 51 => "decrypt_error", 70 => "protocol_version", 71 => "insufficient_security",
        80 => "internal_error", 86 => "inappropriate_fallback", 90 => "user_canceled", 109 => "missing_extension",
        110 => "unsupported_extension", 112 => "unrecognized_name", 120 => "no_application_protocol", _ => $"alert_{Description}",
    };

    public override string ToString() => $"{(Level == 2 ? "fatal" : "warning")} {Name}";
}

/// <summary>
/// Reads the server's first flight byte by byte as it arrives: records, then handshake messages (which may span
/// records or share one), then ServerHello, Certificate and CertificateStatus. Everything is bounds-checked: a hostile
/// server can make it report <see cref="Error"/>, never throw or allocate without limit.
/// </summary>
public sealed class ServerFlightParser
{
    public const int MaxRecordLength = 16384 + 2048;
    public const int MaxHandshakeMessage = 128 * 1024;
    public const int MaxCertificates = 16;

    private readonly bool _wantCertificates;
    private readonly int _maxTotal;
    private readonly List<byte> _records = new();
    private readonly List<byte> _handshake = new();
    private readonly List<byte[]> _certificates = new();
    private int _total;

    /// <param name="wantCertificates">Keep reading after ServerHello for Certificate and CertificateStatus (TLS 1.2 and below).</param>
    public ServerFlightParser(bool wantCertificates = false, int maxTotalBytes = 256 * 1024)
    {
        _wantCertificates = wantCertificates;
        _maxTotal = maxTotalBytes;
    }

    public ServerHello? Hello { get; private set; }
    public TlsAlert? Alert { get; private set; }
    public IReadOnlyList<byte[]> Certificates => _certificates;
    /// <summary>The stapled OCSP response (CertificateStatus), when the server sent one.</summary>
    public byte[]? OcspResponse { get; private set; }
    /// <summary>The server sent ServerHelloDone: the whole first flight is in.</summary>
    public bool FlightComplete { get; private set; }
    /// <summary>Why the response is not valid TLS; null while it is.</summary>
    public string? Error { get; private set; }

    /// <summary>True when nothing more is needed: an answer, an alert, an error, or the full flight.</summary>
    public bool IsDone => Error is not null || Alert is not null || FlightComplete
        || (Hello is not null && (!_wantCertificates || Hello.Version == (int)TlsVersion.Tls13 || Hello.IsHelloRetryRequest));

    public void Feed(ReadOnlySpan<byte> data)
    {
        if (IsDone || data.IsEmpty) return;
        _total += data.Length;
        if (_total > _maxTotal) { Fail($"the server sent more than {_maxTotal} bytes without finishing its first flight"); return; }
        foreach (var b in data) _records.Add(b);
        ParseRecords();
    }

    private void ParseRecords()
    {
        while (!IsDone && _records.Count >= 5)
        {
            var type = _records[0];
            if ((type & 0x80) != 0 && _total > 0 && Hello is null && _handshake.Count == 0)
            { Fail("the server answered with an SSL 2.0 record"); return; }
            var major = _records[1];
            var length = (_records[3] << 8) | _records[4];
            if (major != 3) { Fail($"record version {major}.{_records[2]} is not SSL 3 / TLS"); return; }
            if (length > MaxRecordLength) { Fail($"record length {length} exceeds the TLS maximum"); return; }
            if (length == 0 && type != 23) { Fail("empty record"); return; }
            if (_records.Count < 5 + length) return; // wait for the rest
            var payload = _records.GetRange(5, length).ToArray();
            _records.RemoveRange(0, 5 + length);
            switch (type)
            {
                case 21: ParseAlert(payload); break;
                case 22: _handshake.AddRange(payload); ParseHandshake(); break;
                case 20 when Hello is not null: break; // ChangeCipherSpec (TLS 1.3 compatibility): ignore
                case 23 when Hello is not null: FlightComplete = true; break; // encrypted from here on
                default: Fail($"unexpected record type {type} before the ServerHello"); return;
            }
        }
    }

    private void ParseAlert(byte[] payload)
    {
        if (payload.Length < 2) { Fail("truncated alert"); return; }
        Alert = new TlsAlert(payload[0], payload[1]);
    }

    private void ParseHandshake()
    {
        while (!IsDone && _handshake.Count >= 4)
        {
            var type = _handshake[0];
            var length = (_handshake[1] << 16) | (_handshake[2] << 8) | _handshake[3];
            if (length > MaxHandshakeMessage) { Fail($"handshake message of {length} bytes exceeds the limit"); return; }
            if (_handshake.Count < 4 + length) return;
            var body = _handshake.GetRange(4, length).ToArray();
            _handshake.RemoveRange(0, 4 + length);
            if (Hello is null && type != 2) { Fail($"handshake message type {type} arrived before the ServerHello"); return; }
            switch (type)
            {
                case 2 when Hello is null: Hello = ParseServerHello(body); break;
                case 2: Fail("a second ServerHello"); return;
                case 11: ParseCertificate(body); break;
                case 22: ParseCertificateStatus(body); break;
                case 14: FlightComplete = true; break; // ServerHelloDone
                default: break; // ServerKeyExchange, CertificateRequest: not needed
            }
        }
    }

    private static readonly byte[] s_helloRetryRandom = Convert.FromHexString("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    private ServerHello? ParseServerHello(byte[] b)
    {
        var r = new SpanReader(b);
        if (!r.TryRead16(out var legacy) || !r.TrySkip(32, out var random) || !r.TryRead8(out var sidLength) || sidLength > 32
            || !r.TrySkip(sidLength, out _) || !r.TryRead16(out var suite) || !r.TryRead8(out var compression))
        { Fail("truncated or malformed ServerHello"); return null; }
        var version = legacy;
        var status = false;
        var types = new List<int>();
        if (r.Remaining > 0)
        {
            if (!r.TryRead16(out var extLength) || extLength != r.Remaining) { Fail("ServerHello extensions have a wrong length"); return null; }
            while (r.Remaining > 0)
            {
                if (!r.TryRead16(out var type) || !r.TryRead16(out var len) || !r.TrySkip(len, out var data))
                { Fail("truncated ServerHello extension"); return null; }
                if (types.Contains(type)) { Fail($"ServerHello repeats extension {type}"); return null; }
                types.Add(type);
                if (type == 43)
                {
                    if (data.Length != 2) { Fail("supported_versions in ServerHello must hold one version"); return null; }
                    version = (data[0] << 8) | data[1];
                }
                else if (type == 5) status = true;
            }
        }
        return new ServerHello
        {
            Version = version,
            LegacyVersion = legacy,
            CipherSuite = suite,
            Compression = compression,
            IsHelloRetryRequest = random.SequenceEqual(s_helloRetryRandom),
            StatusRequestAcknowledged = status,
            ExtensionTypes = types,
        };
    }

    private void ParseCertificate(byte[] b)
    {
        var r = new SpanReader(b);
        if (!r.TryRead24(out var listLength) || listLength != r.Remaining) { Fail("Certificate message has a wrong list length"); return; }
        while (r.Remaining > 0)
        {
            if (!r.TryRead24(out var len) || len == 0 || !r.TrySkip(len, out var der)) { Fail("truncated certificate entry"); return; }
            if (_certificates.Count >= MaxCertificates) { Fail($"more than {MaxCertificates} certificates in the chain"); return; }
            _certificates.Add(der.ToArray());
        }
    }

    private void ParseCertificateStatus(byte[] b)
    {
        var r = new SpanReader(b);
        if (!r.TryRead8(out var statusType) || statusType != 1 || !r.TryRead24(out var len) || len == 0 || !r.TrySkip(len, out var response) || r.Remaining != 0)
        { Fail("malformed CertificateStatus message"); return; }
        OcspResponse = response.ToArray();
    }

    private void Fail(string reason) => Error ??= reason;

    /// <summary>Bounds-checked big-endian reads over a span.</summary>
    private ref struct SpanReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private int _position;

        public SpanReader(ReadOnlySpan<byte> data) { _data = data; _position = 0; }

        public int Remaining => _data.Length - _position;

        public bool TryRead8(out int value)
        {
            value = 0;
            if (Remaining < 1) return false;
            value = _data[_position++];
            return true;
        }

        public bool TryRead16(out int value)
        {
            value = 0;
            if (Remaining < 2) return false;
            value = (_data[_position] << 8) | _data[_position + 1];
            _position += 2;
            return true;
        }

        public bool TryRead24(out int value)
        {
            value = 0;
            if (Remaining < 3) return false;
            value = (_data[_position] << 16) | (_data[_position + 1] << 8) | _data[_position + 2];
            _position += 3;
            return true;
        }

        public bool TrySkip(int count, out ReadOnlySpan<byte> skipped)
        {
            skipped = default;
            if (count < 0 || Remaining < count) return false;
            skipped = _data.Slice(_position, count);
            _position += count;
            return true;
        }
    }
}
