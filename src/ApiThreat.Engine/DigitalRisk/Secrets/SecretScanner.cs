using System.Buffers;
using System.Text.RegularExpressions;
using ApiThreat.Engine.DigitalRisk.Secrets.Validation;

namespace ApiThreat.Engine.DigitalRisk.Secrets;

/// <summary>
/// Finds credentials in text of any size in one pass and flat memory: the text is read in chunks (1 M characters)
/// that overlap by the farthest a match can reach, the keyword automaton marks where each detector may match, and a
/// detector's pattern runs only on the windows around its keywords (merged when they touch). Patterns run on the
/// NonBacktracking engine with a timeout, so hostile text costs time linear in its length. A match is reported only
/// after its boundary, entropy, placeholder and format checks; of overlapping matches the higher priority wins.
/// </summary>
public sealed class SecretScanner
{
    public const int DefaultChunkChars = 1 << 20;
    /// <summary>Keyword hits kept per chunk; past it every woken detector runs over the whole chunk (still linear).</summary>
    private const int MaxHitsPerChunk = 1 << 18;
    private readonly SecretCatalog _catalog;
    private readonly int _chunk;
    private readonly int _overlap;
    private readonly int _lookback;
    private readonly Dictionary<SecretDetector, int> _index = new(ReferenceEqualityComparer.Instance);

    public SecretScanner(SecretCatalog catalog, int chunkChars = DefaultChunkChars)
    {
        _catalog = catalog;
        for (var i = 0; i < catalog.Detectors.Count; i++) _index[catalog.Detectors[i]] = i;
        _overlap = catalog.MaxReach + 16;
        _lookback = catalog.Detectors.Count == 0 ? 0 : catalog.Detectors.Max(d => d.Lookback) + 1;
        _chunk = Math.Max(chunkChars, 2 * (_overlap + _lookback));
    }

    /// <summary>Matches kept per resource; more (a page of planted tokens) are counted in <see cref="SecretScanStats.Dropped"/>.</summary>
    public int MaxMatches { get; init; } = 1000;

    public SecretCatalog Catalog => _catalog;

    public SecretScanStats Scan(string text, Action<SecretMatch> onMatch, CancellationToken cancellationToken = default)
    {
        using var reader = new StringReader(text);
        return Scan(reader, onMatch, cancellationToken);
    }

    /// <summary>Scans everything the reader gives, calling <paramref name="onMatch"/> in text order per chunk.</summary>
    public SecretScanStats Scan(TextReader reader, Action<SecretMatch> onMatch, CancellationToken cancellationToken = default)
    {
        var stats = new SecretScanStats();
        if (_catalog.Detectors.Count == 0) return stats;
        var buffer = ArrayPool<char>.Shared.Rent(_chunk + _overlap);
        var state = new ChunkState(_catalog.Detectors.Count);
        try
        {
            var filled = 0;
            var reportFrom = 0;
            long baseOffset = 0, lines = 0, lastNewline = -1;
            var reported = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var end = false;
                while (filled < buffer.Length)
                {
                    var n = reader.Read(buffer, filled, buffer.Length - filled);
                    if (n == 0) { end = true; break; }
                    filled += n;
                    stats.Characters += n;
                }
                var reportTo = end ? filled : filled - _overlap;
                var matches = ScanChunk(buffer.AsSpan(0, filled), reportFrom, reportTo, state, stats);
                // Line and column of each match, counting newlines forward from the chunk's start once.
                var at = 0;
                long lineAt = lines;
                foreach (var c in matches)
                {
                    lineAt += buffer.AsSpan(at, c.SecretStart - at).Count('\n');
                    at = c.SecretStart;
                    var nl = buffer.AsSpan(0, c.SecretStart).LastIndexOf('\n');
                    var column = nl >= 0 ? c.SecretStart - nl : baseOffset + c.SecretStart - lastNewline;
                    if (reported >= MaxMatches) { stats.Dropped++; continue; }
                    reported++;
                    stats.Reported++;
                    onMatch(new SecretMatch
                    {
                        Detector = c.Detector, Value = c.Value, Offset = baseOffset + c.SecretStart,
                        Line = (int)Math.Min(int.MaxValue, lineAt + 1), Column = (int)Math.Min(int.MaxValue, column),
                        MatchStart = baseOffset + c.Start, MatchEnd = baseOffset + c.End,
                        Detail = c.Verdict.Detail, Severity = c.Verdict.Severity ?? c.Detector.Severity,
                        Confidence = c.Verdict.Confidence ?? c.Detector.Confidence,
                    });
                }
                if (end) break;
                // Keep the overlap (and the look-back before it) for the next chunk; count the newlines left behind.
                var keep = Math.Max(0, reportTo - _lookback);
                var dropped = buffer.AsSpan(0, keep);
                var newlines = dropped.Count('\n');
                if (newlines > 0)
                {
                    lines += newlines;
                    lastNewline = baseOffset + dropped.LastIndexOf('\n');
                }
                Array.Copy(buffer, keep, buffer, 0, filled - keep);
                baseOffset += keep;
                filled -= keep;
                reportFrom = reportTo - keep;
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
        return stats;
    }

    private sealed class ChunkState
    {
        public readonly List<(int Id, int End)> Hits = new();
        public readonly int[] WindowStart;
        public readonly int[] WindowEnd;
        public readonly List<(SecretDetector Detector, int Start, int End)> Windows = new();
        public readonly List<Candidate> Accepted = new();

        public ChunkState(int detectors)
        {
            WindowStart = new int[detectors];
            WindowEnd = new int[detectors];
        }
    }

    private sealed record Candidate(SecretDetector Detector, int Start, int End, int SecretStart, string Value, SecretVerdict Verdict);

    private List<Candidate> ScanChunk(ReadOnlySpan<char> text, int reportFrom, int reportTo, ChunkState state, SecretScanStats stats)
    {
        var hits = state.Hits;
        hits.Clear();
        var complete = _catalog.Automaton.FindAll(text, hits, MaxHitsPerChunk);
        stats.KeywordHits += hits.Count;
        Array.Fill(state.WindowStart, -1);
        state.Windows.Clear();
        var detectors = _catalog.Detectors;
        foreach (var (id, end) in hits)
        {
            var keywordStart = end - _catalog.Keywords[id].Length;
            foreach (var d in _catalog.KeywordOwners[id])
            {
                var ws = complete ? Math.Max(0, keywordStart - d.Lookback) : 0;
                var we = complete ? Math.Min(text.Length, keywordStart + d.MaxLength) : text.Length;
                if (we <= reportFrom || ws >= reportTo) continue;
                var i = _index[d];
                if (state.WindowStart[i] >= 0 && ws <= state.WindowEnd[i] && we >= state.WindowStart[i])
                {
                    state.WindowStart[i] = Math.Min(state.WindowStart[i], ws);
                    state.WindowEnd[i] = Math.Max(state.WindowEnd[i], we);
                    continue;
                }
                if (state.WindowStart[i] >= 0) state.Windows.Add((d, state.WindowStart[i], state.WindowEnd[i]));
                state.WindowStart[i] = ws;
                state.WindowEnd[i] = we;
            }
        }
        for (var i = 0; i < detectors.Count; i++)
            if (state.WindowStart[i] >= 0) state.Windows.Add((detectors[i], state.WindowStart[i], state.WindowEnd[i]));

        var accepted = state.Accepted;
        accepted.Clear();
        foreach (var (d, ws, we) in state.Windows)
        {
            try
            {
                foreach (var m in d.Pattern.EnumerateMatches(text[ws..we]))
                {
                    var start = ws + m.Index;
                    if (start < reportFrom || start >= reportTo) continue;
                    stats.Candidates++;
                    if (Check(d, text, start, m.Length) is { } c) accepted.Add(c);
                    else stats.Rejected++;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                stats.TimedOut++;
            }
        }
        return Resolve(accepted);
    }

    /// <summary>The candidate if it passes every check of its detector; null when it does not.</summary>
    private static Candidate? Check(SecretDetector d, ReadOnlySpan<char> text, int start, int length)
    {
        var secretStart = start;
        var secretLength = length;
        Match? match = null;
        var matchText = new string(text.Slice(start, length));
        if (d.HasGroups)
        {
            match = d.Pattern.Match(matchText);
            if (!match.Success || match.Index != 0) return null;
            var g = match.Groups["secret"];
            if (g.Success) { secretStart = start + g.Index; secretLength = g.Length; }
        }
        var secretEnd = secretStart + secretLength;
        if (secretLength == 0) return null;
        if (secretStart > 0 && d.Touches(text[secretStart - 1])) return null;
        if (secretEnd < text.Length && d.Touches(text[secretEnd])) return null;
        if (d.LineStart && !StartsLine(text, start)) return null;
        var value = secretStart == start && secretLength == length ? matchText : new string(text.Slice(secretStart, secretLength));
        if (d.MinEntropy is { } min && Entropy.Shannon(value) < min) return null;
        if (d.Validate is not SecretValidators.Crc32Base62 && Placeholders.IsPlaceholder(value)) return null;
        var around = SecretValidators.NeedsContext(d.Validate)
            ? new string(text[Math.Max(0, start - 300)..Math.Min(text.Length, start + length + 300)])
            : null;
        var verdict = SecretValidators.Run(d.Validate, new SecretCandidate(d, value, matchText, match, around));
        if (!verdict.Valid) return null;
        return new Candidate(d, start, start + length, secretStart, verdict.Value ?? value, verdict);
    }

    /// <summary>
    /// True when only blanks and an "export" keyword stand before <paramref name="start"/> on its line (a shell or .env
    /// assignment). Checked here, not in the pattern: a pattern that begins with optional parts trips a defect of the
    /// NonBacktracking engine (all but the last of several matches are lost).
    /// </summary>
    private static bool StartsLine(ReadOnlySpan<char> text, int start)
    {
        var i = start - 1;
        while (i >= 0 && text[i] is ' ' or '\t') i--;
        if (i >= 5 && text.Slice(i - 5, 6).SequenceEqual("export") && i + 1 < start && (i < 6 || text[i - 6] is '\n' or '\r' or ' ' or '\t'))
        {
            i -= 6;
            while (i >= 0 && text[i] is ' ' or '\t') i--;
        }
        return i < 0 || text[i] is '\n' or '\r';
    }

    /// <summary>Of overlapping candidates the higher priority (then the earlier, then the longer) wins; the rest in text order.</summary>
    private static List<Candidate> Resolve(List<Candidate> candidates)
    {
        if (candidates.Count <= 1) return candidates.ToList();
        var kept = new List<Candidate>();
        foreach (var c in candidates.OrderByDescending(c => c.Detector.Priority).ThenBy(c => c.Start).ThenByDescending(c => c.End - c.Start))
        {
            var overlaps = false;
            foreach (var k in kept)
                if (c.Start < k.End && k.Start < c.End) { overlaps = true; break; }
            if (!overlaps) kept.Add(c);
        }
        kept.Sort((a, b) => a.SecretStart.CompareTo(b.SecretStart));
        return kept;
    }
}
