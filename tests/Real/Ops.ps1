# Pester helpers of the operations-server wing (dot-source after common.ps1 and RealSoftware.ps1): Supervisor, Webdis,
# Netdata and Glances from Debian, each started by tests/Real/apps/realfw8-ops-<name>/run.sh on free loopback ports with
# a throwaway folder. A server is a hashtable: Name, App, Command (what it needs), Start (the run.sh arguments, with
# {port} and {port2}: two free ports). Every run.sh prints "apithreat-ready" once its server is set up and serving.

$script:OpsServers = @{}

function Start-OpsServer($S) {
    # Starts the server once per test file and variant; returns Skip (why it cannot run here) or Server and Base.
    $key = "$($S.App) $($S.Start -join ' ')"
    if ($OpsServers.ContainsKey($key)) { return $OpsServers[$key] }
    $reason = Get-RealSkipReason -Command @(@('sh', 'curl') + @($S.Command))
    if ($reason) { return ($OpsServers[$key] = [pscustomobject]@{ Skip = $reason }) }
    $port = Get-FreeTcpPort
    $port2 = Get-FreeTcpPort
    while ($port2 -eq $port) { $port2 = Get-FreeTcpPort }
    $app = Join-Path $RepoRoot "tests/Real/apps/$($S.App)"
    $arguments = @('run.sh') + @($S.Start | ForEach-Object { $_ -replace '\{port\}', $port -replace '\{port2\}', $port2 })
    $server = Start-RealServer -Name $S.App -FilePath 'sh' -ArgumentList $arguments -WorkingDirectory $app -ReadyPort $port -TimeoutSec 90
    # The port accepts before the server is set up (programs running, keys written, charts collected): wait for the ready line.
    $deadline = [DateTime]::UtcNow.AddSeconds(90)
    while (-not (@(Read-RealServerLog -Server $server) -match 'apithreat-ready')) {
        if ($server.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $server | Stop-RealServer
            throw "$($S.Name) was not set up within 90 s: $(Get-Content -Raw $server.LogPath -ErrorAction Ignore)"
        }
    }
    ($OpsServers[$key] = [pscustomobject]@{ Skip = $null; Server = $server; Base = "http://127.0.0.1:$port" })
}

function Stop-OpsServer {
    foreach ($s in $OpsServers.Values) { if ($s.Server) { $s.Server | Stop-RealServer } }
    $OpsServers.Clear()
}

function Invoke-XmlRpcCurl([string]$Base, [string]$Method) {
    # One XML-RPC call without parameters, as the ground truth of Supervisor's interface.
    Invoke-Curl "$Base/RPC2" -Method POST -Header 'Content-Type: text/xml' -Body "<?xml version=`"1.0`"?><methodCall><methodName>$Method</methodName><params/></methodCall>"
}
