namespace ApiThreat.Lab.Dns;

/// <summary>
/// An authoritative zone: records by owner name, wildcards (RFC 4592 closest-encloser rule), CNAMEs followed
/// inside the zone, optional AXFR, and dynamic answers (e.g. a wildcard whose answer set rotates).
/// </summary>
public sealed class LabZone
{
    private readonly Dictionary<string, List<LabRecord>> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _existing = new(StringComparer.Ordinal); // names and empty non-terminals
    private readonly Dictionary<string, Func<string, RecordType, IReadOnlyList<LabRecord>?>> _dynamic = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, RecordType), int> _failures = new();
    private readonly HashSet<string> _oversized = new(StringComparer.Ordinal);

    public LabZone(string origin, bool allowTransfer = false)
    {
        Origin = LabRecord.Norm(origin);
        AllowTransfer = allowTransfer;
        Add(LabRecord.Soa(Origin, "ns1." + Origin, "hostmaster." + Origin, 2026112901));
    }

    public string Origin { get; }
    public bool AllowTransfer { get; set; }
    /// <summary>Every question gets this response code (2 = SERVFAIL, 5 = REFUSED): a broken or lame zone.</summary>
    public int? ForcedRcode { get; set; }
    public LabRecord Soa => _byName[Origin].First(r => r.Type == RecordType.SOA);

    public IEnumerable<LabRecord> Records => _byName.Values.SelectMany(r => r);

    public bool Contains(string name) => name == Origin || name.EndsWith("." + Origin, StringComparison.Ordinal);

    public LabZone Add(LabRecord record)
    {
        if (!Contains(record.Name)) throw new ArgumentException($"{record.Name} is not inside zone {Origin}.");
        if (!_byName.TryGetValue(record.Name, out var list)) _byName[record.Name] = list = new List<LabRecord>();
        list.Add(record);
        for (var n = record.Name; Contains(n); n = Parent(n))
        {
            if (!_existing.Add(n)) break;
            if (n == Origin) break;
        }
        return this;
    }

    /// <summary>Removes the records of one type at a name (zone variants built from a healthy base).</summary>
    public LabZone RemoveAll(string name, RecordType type) => RemoveWhere(name, r => r.Type == type);

    public LabZone RemoveWhere(string name, Func<LabRecord, bool> predicate)
    {
        if (_byName.TryGetValue(LabRecord.Norm(name), out var list)) list.RemoveAll(r => predicate(r));
        return this;
    }

    public LabZone AddRange(IEnumerable<LabRecord> records)
    {
        foreach (var r in records) Add(r);
        return this;
    }

    /// <summary>A name whose answers are computed per query (rotating pools, hostile answers).</summary>
    public LabZone AddDynamic(string name, Func<string, RecordType, IReadOnlyList<LabRecord>?> answer)
    {
        var n = LabRecord.Norm(name);
        _dynamic[n] = answer;
        for (var x = n; Contains(x); x = Parent(x)) { if (!_existing.Add(x)) break; if (x == Origin) break; }
        return this;
    }

    /// <summary>A hostile or broken server: this question always gets <paramref name="rcode"/> (2 = SERVFAIL) and no records.</summary>
    public LabZone Fail(string name, RecordType type, int rcode = 2)
    {
        _failures[(LabRecord.Norm(name), type)] = rcode;
        return this;
    }

    /// <summary>Answers for this name go out whole over UDP, without TC, whatever size the client advertised.</summary>
    public LabZone IgnoreUdpLimit(string name)
    {
        _oversized.Add(LabRecord.Norm(name));
        return this;
    }

    public bool IgnoresUdpLimit(string name) => _oversized.Contains(name);

    /// <summary>Answers one question: rcode, answers, authority.</summary>
    public (int Rcode, List<LabRecord> Answers, List<LabRecord> Authority) Lookup(string qname, RecordType type)
    {
        if (_failures.TryGetValue((qname, type), out var failure)) return (failure, new List<LabRecord>(), new List<LabRecord>());
        if (ForcedRcode is { } forced) return (forced, new List<LabRecord>(), new List<LabRecord>());
        var answers = new List<LabRecord>();
        var name = qname;
        for (var hop = 0; hop < 8; hop++)
        {
            var records = RecordsAt(name, type, out var exists, out var synthesizedFrom);
            if (!exists)
            {
                // The chain ends in a name of this zone that does not exist: NXDOMAIN with the CNAMEs so far (RFC 6604:
                // the rcode speaks of the last name), as Knot and BIND answer a dangling in-zone alias.
                return (3, answers, new List<LabRecord> { Soa });
            }
            var matching = records.Where(r => r.Type == type || type == RecordType.ANY).ToList();
            if (matching.Count > 0)
            {
                answers.AddRange(matching.Select(r => r with { Name = name }));
                return (0, answers, new List<LabRecord>());
            }
            var cname = records.FirstOrDefault(r => r.Type == RecordType.CNAME);
            if (cname is null) return (0, answers, answers.Count == 0 ? new List<LabRecord> { Soa } : new List<LabRecord>());
            answers.Add(cname with { Name = name });
            var target = DecodeName(cname.Data);
            if (!Contains(target)) return (0, answers, new List<LabRecord>()); // out of zone: the resolver chases it
            name = target;
            _ = synthesizedFrom;
        }
        return (2, answers, new List<LabRecord>());
    }

    private List<LabRecord> RecordsAt(string name, RecordType type, out bool exists, out string? wildcard)
    {
        wildcard = null;
        if (_dynamic.TryGetValue(name, out var dyn))
        {
            exists = true;
            return dyn(name, type)?.ToList() ?? new List<LabRecord>();
        }
        if (_byName.TryGetValue(name, out var list)) { exists = true; return list; }
        if (_existing.Contains(name)) { exists = true; return new List<LabRecord>(); } // empty non-terminal
        // Closest encloser, then its wildcard.
        var encloser = Parent(name);
        while (Contains(encloser) && !_existing.Contains(encloser)) encloser = Parent(encloser);
        if (!Contains(encloser)) { exists = false; return new List<LabRecord>(); }
        var star = "*." + encloser;
        if (_dynamic.TryGetValue(star, out var dynStar)) { exists = true; wildcard = star; return dynStar(name, type)?.ToList() ?? new List<LabRecord>(); }
        if (_byName.TryGetValue(star, out var wild)) { exists = true; wildcard = star; return wild; }
        exists = false;
        return new List<LabRecord>();
    }

    /// <summary>All records for AXFR: SOA first and last.</summary>
    public List<LabRecord> Transfer()
    {
        var list = new List<LabRecord> { Soa };
        list.AddRange(Records.Where(r => !(r.Type == RecordType.SOA && r.Name == Origin)));
        list.Add(Soa);
        return list;
    }

    public static string Parent(string name)
    {
        var dot = name.IndexOf('.');
        return dot < 0 ? "" : name[(dot + 1)..];
    }

    public static string DecodeName(byte[] data)
    {
        var parts = new List<string>();
        var pos = 0;
        while (pos < data.Length && data[pos] != 0)
        {
            var len = data[pos++];
            parts.Add(System.Text.Encoding.ASCII.GetString(data, pos, len));
            pos += len;
        }
        return string.Join('.', parts);
    }
}
