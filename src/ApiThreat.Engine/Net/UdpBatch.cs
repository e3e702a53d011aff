using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ApiThreat.Engine.Net;

/// <summary>
/// Many datagrams per system call on a connected UDP socket: sendmmsg/recvmmsg on Linux, one Send/Receive per
/// datagram elsewhere (same results, more calls). The buffers are pinned once per batch object, so a call allocates
/// nothing. One batch object belongs to one thread.
/// </summary>
internal sealed class UdpBatch
{
    private const int MsgDontWait = 0x40;
    private const int EAgain = 11, EIntr = 4, EConnRefused = 111;

    private readonly byte[][] _buffers;
    private readonly int[] _lengths;
    private readonly IoVec[] _iov;
    private readonly MMsgHdr[] _headers;

    public UdpBatch(int count, int bufferSize)
    {
        _buffers = new byte[count][];
        _lengths = new int[count];
        _iov = GC.AllocateArray<IoVec>(count, pinned: true);
        _headers = GC.AllocateArray<MMsgHdr>(count, pinned: true);
        for (var i = 0; i < count; i++)
        {
            _buffers[i] = GC.AllocateArray<byte>(bufferSize, pinned: true);
            _iov[i].Base = Marshal.UnsafeAddrOfPinnedArrayElement(_buffers[i], 0);
            _headers[i].Header.Iov = Marshal.UnsafeAddrOfPinnedArrayElement(_iov, i);
            _headers[i].Header.IovLength = 1;
        }
    }

    public int Capacity => _buffers.Length;
    public byte[] Buffer(int i) => _buffers[i];
    public int Length(int i) => _lengths[i];
    public void SetLength(int i, int length) => _lengths[i] = length;

    /// <summary>Sends datagrams 0..count-1 (lengths set by <see cref="SetLength"/>); true when the server refused (ICMP).</summary>
    public bool Send(Socket socket, int count)
    {
        var refused = false;
        if (!Native)
        {
            for (var i = 0; i < count; i++)
            {
                try { socket.Send(_buffers[i], 0, _lengths[i], SocketFlags.None); }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused) { refused = true; }
                catch (SocketException) { }
            }
            return refused;
        }
        for (var i = 0; i < count; i++) _iov[i].Length = (nuint)_lengths[i];
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            var done = 0;
            while (done < count)
            {
                var n = SendMany(fd, ref _headers[done], (uint)(count - done), 0);
                if (n > 0) { done += n; continue; }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                // Refused (an earlier datagram's ICMP error, now cleared), a full buffer or another error: this datagram
                // is lost and its timeout handles it.
                if (errno == EConnRefused) refused = true;
                done++;
            }
        }
        catch (ObjectDisposedException) { }
        finally { if (added) handle.DangerousRelease(); }
        return refused;
    }

    /// <summary>
    /// Takes the datagrams already queued on the socket, up to the batch size, without waiting; returns how many (0 when
    /// none), or -1 when the server refused (ICMP port unreachable).
    /// </summary>
    public int ReceiveAvailable(Socket socket)
    {
        if (!Native)
        {
            var count = 0;
            try
            {
                while (count < _buffers.Length && socket.Available > 0)
                {
                    _lengths[count] = socket.Receive(_buffers[count]);
                    count++;
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused) { return count > 0 ? count : -1; }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.WouldBlock) { }
            return count;
        }
        for (var i = 0; i < _buffers.Length; i++) { _iov[i].Length = (nuint)_buffers[i].Length; _headers[i].Length = 0; }
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var n = ReceiveMany((int)handle.DangerousGetHandle(), ref _headers[0], (uint)_buffers.Length, MsgDontWait, IntPtr.Zero);
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == EConnRefused) return -1;
                if (errno is EAgain or EIntr) return 0;
                throw new SocketException(errno);
            }
            for (var i = 0; i < n; i++) _lengths[i] = (int)_headers[i].Length;
            return n;
        }
        finally { if (added) handle.DangerousRelease(); }
    }

    // Resolved once from the C library already in the process (glibc or musl): no DllImport name probing.
    private static readonly SendManyFn? s_sendMany = Export<SendManyFn>("sendmmsg");
    private static readonly ReceiveManyFn? s_receiveMany = Export<ReceiveManyFn>("recvmmsg");

    private static T? Export<T>(string name) where T : Delegate
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), name, out var address)
                ? Marshal.GetDelegateForFunctionPointer<T>(address) : null;
        }
        catch (Exception) { return null; }
    }

    private static int SendMany(int fd, ref MMsgHdr messages, uint count, int flags) => s_sendMany!(fd, ref messages, count, flags);

    private static int ReceiveMany(int fd, ref MMsgHdr messages, uint count, int flags, IntPtr timeout) =>
        s_receiveMany!(fd, ref messages, count, flags, timeout);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl, SetLastError = true)]
    private delegate int SendManyFn(int fd, ref MMsgHdr messages, uint count, int flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl, SetLastError = true)]
    private delegate int ReceiveManyFn(int fd, ref MMsgHdr messages, uint count, int flags, IntPtr timeout);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public IntPtr Base;
        public nuint Length;
    }

    /// <summary>Whether this platform batches (Linux); elsewhere one call a datagram.</summary>
    public static bool Native => s_sendMany is not null && s_receiveMany is not null;

    /// <summary>struct msghdr (LP64 and ILP32 alike with pointer-sized fields): no address (connected), one iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public IntPtr Name;
        public uint NameLength;
        public IntPtr Iov;
        public nuint IovLength;
        public IntPtr Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
