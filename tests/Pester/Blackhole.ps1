# Loopback addresses that drop SYNs on one port (a listener whose accept queue is full: Linux drops SYNs to it), so a
# test can stand a name with many unreachable addresses without a packet leaving the machine. Dot-source, then
# $hole = New-Blackhole -Address 127.0.1.1, 127.0.1.2 ... ; $hole.Port ; Remove-Blackhole $hole.
function New-Blackhole {
    param([Parameter(Mandatory)][string[]]$Address)
    for ($try = 0; $try -lt 20; $try++) {
        $probe = [Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
        $probe.Bind([Net.IPEndPoint]::new([Net.IPAddress]::Parse($Address[0]), 0))
        $port = $probe.LocalEndPoint.Port
        $probe.Dispose()
        $sockets = [Collections.Generic.List[Net.Sockets.Socket]]::new()
        try {
            foreach ($a in $Address) {
                $ip = [Net.IPAddress]::Parse($a)
                $listener = [Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
                $sockets.Add($listener)
                $listener.Bind([Net.IPEndPoint]::new($ip, $port))
                $listener.Listen(0)
                $filler = [Net.Sockets.Socket]::new('InterNetwork', 'Stream', 'Tcp')
                $sockets.Add($filler)
                $filler.Connect($ip, $port)
            }
            return [pscustomobject]@{ Port = $port; Sockets = $sockets }
        }
        catch [Net.Sockets.SocketException] {
            foreach ($s in $sockets) { $s.Dispose() }
        }
    }
    throw "No port was free on all of $($Address.Count) addresses."
}

function Remove-Blackhole($Hole) {
    if ($Hole) { foreach ($s in $Hole.Sockets) { $s.Dispose() } }
}
