using System.Text;

namespace ApiThreat.Engine.Export.Siem;

/// <summary>
/// The -FailedEventPath file as a spool: every event is written to it the moment it arrives (so a killed process, an
/// upstream error or Ctrl-C leaves it there), synced to disk before each batch is sent, and removed only once the
/// collector acknowledged it. What an earlier run left in the file is never touched; a line torn by a kill is closed
/// with a newline before this run appends. At the end the file holds exactly the events that were not delivered.
/// </summary>
public sealed class EventSpool : IDisposable
{
    private static readonly UTF8Encoding s_utf8 = new(false);
    private readonly FileStream _file;
    private readonly FileStream _lock;
    private readonly bool _created;
    private readonly long _base;
    // Start offset of each of this run's lines still in the file, oldest first; the first _acknowledged of them were
    // acknowledged and wait to be removed.
    private readonly List<long> _offsets = new();
    private int _acknowledged;

    private EventSpool(string path, FileStream file, FileStream lockFile, bool created)
    {
        Path = path;
        _file = file;
        _lock = lockFile;
        _created = created;
        if (_file.Length > 0)
        {
            _file.Seek(-1, SeekOrigin.End);
            if (_file.ReadByte() != '\n') _file.Write("\n"u8);
        }
        _file.Seek(0, SeekOrigin.End);
        _base = _file.Position;
    }

    public string Path { get; }
    /// <summary>This run's events in the file that are not acknowledged.</summary>
    public int Count => _offsets.Count - _acknowledged;

    /// <summary>Opens (or creates) the file for this run alone: another writer is refused with a clear error; readers may look.</summary>
    public static EventSpool Open(string path)
    {
        var created = !File.Exists(path);
        FileStream? lockFile = null;
        try
        {
            // Two runs appending to one spool would truncate each other's events: a lock file beside it keeps writers
            // apart (released by the system if the process dies) while the spool itself stays readable.
            lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            // No buffering of our own: each event reaches the operating system when it is appended.
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1);
            return new EventSpool(path, file, lockFile, created);
        }
        catch (IOException ex)
        {
            lockFile?.Dispose();
            throw new IOException($"The failed-event file '{path}' cannot be opened: {ex.Message} (is another Send-ApiThreatEvent using it?)", ex);
        }
    }

    public void Append(string line)
    {
        _offsets.Add(_file.Position);
        _file.Write(s_utf8.GetBytes(line + "\n"));
    }

    /// <summary>Forces what was appended onto the disk (before a batch leaves the machine).</summary>
    public void Sync() => _file.Flush(flushToDisk: true);

    /// <summary>
    /// The oldest <paramref name="count"/> pending events were acknowledged. Once all are, the file is cut back; while
    /// newer ones wait, the acknowledged lines are removed when they outweigh the rest (so acknowledging batch after
    /// batch stays linear), and at the latest on <see cref="Dispose"/>. A crash in between re-sends them: at least once.
    /// </summary>
    public void Acknowledge(int count)
    {
        _acknowledged = Math.Min(_acknowledged + Math.Max(0, count), _offsets.Count);
        if (_acknowledged == _offsets.Count)
        {
            Truncate(_base);
            _offsets.Clear();
            _acknowledged = 0;
        }
        else if (_acknowledged > 0 && _offsets[_acknowledged] - _base >= _file.Length - _offsets[_acknowledged])
        {
            Compact();
        }
    }

    /// <summary>The user declined <paramref name="count"/> pending events from the <paramref name="index"/>-th on: they leave the file.</summary>
    public void Decline(int index, int count) => RemoveLines(_acknowledged + index, count);

    private void Compact()
    {
        RemoveLines(0, _acknowledged);
        _acknowledged = 0;
    }

    /// <summary>Removes lines of this run; everything from a point on is a truncation, otherwise the lines after move down.</summary>
    private void RemoveLines(int index, int count)
    {
        count = Math.Min(count, _offsets.Count - index);
        if (count <= 0) return;
        var from = _offsets[index];
        if (index + count == _offsets.Count)
        {
            Truncate(from);
            _offsets.RemoveRange(index, count);
            return;
        }
        var keepFrom = _offsets[index + count];
        _file.Seek(keepFrom, SeekOrigin.Begin);
        var rest = new byte[_file.Length - keepFrom];
        _file.ReadExactly(rest);
        _file.SetLength(from);
        _file.Seek(from, SeekOrigin.Begin);
        _file.Write(rest);
        var shift = keepFrom - from;
        _offsets.RemoveRange(index, count);
        for (var i = index; i < _offsets.Count; i++) _offsets[i] -= shift;
        Sync();
    }

    private void Truncate(long length)
    {
        _file.SetLength(length);
        _file.Seek(0, SeekOrigin.End);
        Sync();
    }

    public void Dispose()
    {
        try { if (_acknowledged > 0) Compact(); } catch (IOException) { } // the file then keeps them: re-sent, never lost
        var empty = _file.Length == 0;
        try { _file.Flush(flushToDisk: true); } catch (IOException) { }
        _file.Dispose();
        _lock.Dispose();
        // A file this run created and that ended empty (everything delivered) is not left behind.
        if (_created && empty) try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
