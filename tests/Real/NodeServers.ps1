# Pester helpers of the npm API-server wings (dot-source after common.ps1 and RealSoftware.ps1): Node-RED, Sails and
# swagger-stats, Redis Commander, Bull Board and express-status-monitor from npm, each started by tests/Real/apps/realfw*-node-<name>/run.sh on a free loopback port from its own
# node_modules (npm ci by tests/Real/install.sh). A server is a hashtable: Name, App, Npm (the packages it needs),
# Start (the run.sh arguments, with {port}), ReadyLine (a line its log prints once it serves), optionally Commands (the
# Debian commands run.sh needs).

$script:NodeServers = @{}

function Start-NodeServer($S) {
    # Starts the server once per test file and arguments; returns Skip (why it cannot run here) or Server and Base.
    $key = "$($S.App) $($S.Start -join ' ')"
    if ($NodeServers.ContainsKey($key)) { return $NodeServers[$key] }
    # Commands: what run.sh needs besides node (redis-server and redis-cli behind Redis Commander and Bull Board).
    $reason = Get-RealSkipReason -Command (@('sh', 'curl', 'node') + @($S.Commands | Where-Object { $_ })) -App $S.App -NpmPackage @($S.Npm)
    if ($reason) { return ($NodeServers[$key] = [pscustomobject]@{ Skip = $reason }) }
    $port = Get-FreeTcpPort
    $app = Join-Path $RepoRoot "tests/Real/apps/$($S.App)"
    $arguments = @('run.sh') + @($S.Start | ForEach-Object { $_ -replace '\{port\}', $port })
    $server = Start-RealServer -Name $S.App -FilePath 'sh' -ArgumentList $arguments -WorkingDirectory $app -ReadyPort $port -TimeoutSec 90
    # The port may accept before the application is set up (Node-RED starts its flows after listening): wait for its line.
    $deadline = [DateTime]::UtcNow.AddSeconds(90)
    while (-not (@(Read-RealServerLog -Server $server) -match $S.ReadyLine)) {
        if ($server.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $server | Stop-RealServer
            throw "$($S.Name) was not set up within 90 s: $(Get-Content -Raw $server.LogPath -ErrorAction Ignore)"
        }
    }
    ($NodeServers[$key] = [pscustomobject]@{ Skip = $null; Server = $server; Base = "http://127.0.0.1:$port" })
}

function Stop-NodeServer {
    foreach ($s in $NodeServers.Values) { if ($s.Server) { $s.Server | Stop-RealServer } }
    $NodeServers.Clear()
}
