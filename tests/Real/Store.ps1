# Pester helpers of the data-store and notebook wing (dot-source after common.ps1 and RealSoftware.ps1): etcd, InfluxDB
# and Jupyter from Debian, each started by tests/Real/apps/realfw7-store-<name>/run.sh on free loopback ports with a
# throwaway data folder. A store is a hashtable: Name, App, Command and Python (what it needs), Start (the run.sh arguments, with
# {port} and {port2}: two free ports), ReadyLine (a line its log prints once it is set up and serving).

$script:StoreServers = @{}

function Start-Store($S) {
    # Starts the store once per test file; returns Skip (why it cannot run here) or Server and Base.
    if ($StoreServers.ContainsKey($S.Name)) { return $StoreServers[$S.Name] }
    $reason = Get-RealSkipReason -Command @(@('sh', 'curl') + @($S.Command)) -PythonModule @($S.Python | Where-Object { $_ })
    if ($reason) { return ($StoreServers[$S.Name] = [pscustomobject]@{ Skip = $reason }) }
    $port = Get-FreeTcpPort
    $port2 = Get-FreeTcpPort
    while ($port2 -eq $port) { $port2 = Get-FreeTcpPort }
    $app = Join-Path $RepoRoot "tests/Real/apps/$($S.App)"
    $arguments = @('run.sh') + @($S.Start | ForEach-Object { $_ -replace '\{port\}', $port -replace '\{port2\}', $port2 })
    $server = Start-RealServer -Name $S.App -FilePath 'sh' -ArgumentList $arguments -WorkingDirectory $app -ReadyPort $port -TimeoutSec 90
    # The port accepts before the store is set up (keys written, authentication enabled): wait for its ready line.
    $deadline = [DateTime]::UtcNow.AddSeconds(90)
    while (-not (@(Read-RealServerLog -Server $server) -match $S.ReadyLine)) {
        if ($server.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $server | Stop-RealServer
            throw "$($S.Name) was not set up within 90 s: $(Get-Content -Raw $server.LogPath -ErrorAction Ignore)"
        }
    }
    ($StoreServers[$S.Name] = [pscustomobject]@{ Skip = $null; Server = $server; Base = "http://127.0.0.1:$port" })
}

function Stop-Store {
    foreach ($s in $StoreServers.Values) { if ($s.Server) { $s.Server | Stop-RealServer } }
    $StoreServers.Clear()
}
