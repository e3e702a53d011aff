# Pester helpers of the ninth wing, npm tools left open beside an API (dot-source after common.ps1, RealSoftware.ps1,
# Exposure.ps1 and NodeServers.ps1): Redis Commander, Bull Board and express-status-monitor start through
# Start-NodeServer (their run.sh); http-server is started here on a web root of New-ExposureSiteRoot.

function Start-NodeHttpServer {
    <#
    http-server 14 (tests/Real/apps/realfw9-node-httpserver, npm ci) from its own bin on a free loopback port, serving a
    fresh web root with the exposure tests' planted leftovers and no index in files/. -NoListing adds `-d false`.
    Returns Skip (why it cannot run here), or Server, Base and Root.
    #>
    param([switch]$NoListing)
    $app = 'realfw9-node-httpserver'
    $reason = Get-RealSkipReason -Command @('node', 'curl') -App $app -NpmPackage @('http-server')
    if ($reason) { return [pscustomobject]@{ Skip = $reason } }
    $root = New-ExposureSiteRoot
    $port = Get-FreeTcpPort
    $bin = Join-Path $RepoRoot "tests/Real/apps/$app/node_modules/http-server/bin/http-server"
    $arguments = @($bin, $root, '-a', '127.0.0.1', '-p', "$port") + $(if ($NoListing) { @('-d', 'false') } else { @() })
    $server = Start-RealServer -Name "http-server$(if ($NoListing) { '-d-false' })" -FilePath 'node' -ArgumentList $arguments -ReadyPort $port
    [pscustomobject]@{ Skip = $null; Server = $server; Base = "http://127.0.0.1:$port"; Root = $root }
}

function Invoke-NodeToolScan {
    <#
    Scans as a user would: Get-ApiInventory -Depth Standard from the URL, then Test-ApiSecurity of what it reported, or
    of the URL itself when it reported nothing (a tool that answers only 401 to an API client is no API it can list).
    Returns Endpoints and Findings.
    #>
    param([Parameter(Mandatory)][string]$Url)
    $endpoints = @(Get-ApiInventory -Url $Url -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
    $findings = if ($endpoints.Count) { @($endpoints | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop) }
    else { @(Test-ApiSecurity -Url $Url -AllowPrivateAddress -TimeoutSec 10 -ErrorAction Stop) }
    [pscustomobject]@{ Endpoints = $endpoints; Findings = $findings }
}
