# Pester helpers of the monitoring-server wing (dot-source after common.ps1 and RealSoftware.ps1): Debian's prometheus,
# prometheus-alertmanager and prometheus-pushgateway, each on 127.0.0.1 on a free port with a throwaway data folder,
# their own defaults plus the flag a variant names. The protected variant uses the exporter toolkit's --web.config.file
# as Prometheus documents it: TLS (a self-signed certificate for 127.0.0.1, made here with openssl) and one
# basic_auth_users entry whose bcrypt hash htpasswd -B made from a random password.

$script:MonitoringServers = [System.Collections.Generic.List[object]]::new()
$script:MonitoringApps = Join-Path $PSScriptRoot 'apps'

$script:MonitoringCommands = @{
    Prometheus   = 'prometheus'
    Alertmanager = 'prometheus-alertmanager'
    Pushgateway  = 'prometheus-pushgateway'
}

function Get-MonitoringSkipReason([string]$Product, [string]$Mode = 'open') {
    $commands = @($MonitoringCommands[$Product], 'curl')
    if ($Mode -eq 'auth') { $commands += 'htpasswd', 'openssl' }
    Get-RealSkipReason -Command $commands
}

function Start-MonitoringServer {
    <#
    Starts one server and returns Base (its URL), Skip (why it cannot run here, else $null), Directory, and for the
    protected variant Certificate (the PEM to trust) and Credential ('user:password' for curl).
    Mode: open (the defaults), admin (--web.enable-admin-api), lifecycle (--web.enable-lifecycle), auth (web.config.file).
    #>
    param([Parameter(Mandatory)][ValidateSet('Prometheus', 'Alertmanager', 'Pushgateway')][string]$Product,
        [ValidateSet('open', 'admin', 'lifecycle', 'auth')][string]$Mode = 'open')
    $reason = Get-MonitoringSkipReason $Product $Mode
    if ($reason) { return [pscustomobject]@{ Skip = $reason } }
    $port = Get-FreeTcpPort
    $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-$($Product.ToLowerInvariant())-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force $dir
    $arguments = switch ($Product) {
        'Prometheus' {
            $config = Join-Path $dir 'prometheus.yml'
            [IO.File]::WriteAllText($config, (Get-Content -Raw (Join-Path $MonitoringApps 'realfw7-mon-prometheus/prometheus.yml')).Replace('__PORT__', "$port"))
            '--config.file', $config, '--web.listen-address', "127.0.0.1:$port", '--storage.tsdb.path', (Join-Path $dir 'data')
        }
        'Alertmanager' {
            # --cluster.listen-address= turns the gossip listener (0.0.0.0:9094 by default) off: one loopback port only.
            '--config.file', (Join-Path $MonitoringApps 'realfw7-mon-alertmanager/alertmanager.yml'), '--web.listen-address', "127.0.0.1:$port",
            '--storage.path', (Join-Path $dir 'data'), '--cluster.listen-address='
        }
        'Pushgateway' {
            # Debian's build persists to /var/lib/prometheus by default: the test's copy stays in its own folder.
            '--web.listen-address', "127.0.0.1:$port", '--persistence.file', (Join-Path $dir 'pushgateway.data')
        }
    }
    $arguments = @($arguments)
    if ($Mode -eq 'admin') { $arguments += '--web.enable-admin-api' }
    if ($Mode -eq 'lifecycle') { $arguments += '--web.enable-lifecycle' }
    $scheme = 'http'
    $certificate = $null; $credential = $null
    if ($Mode -eq 'auth') {
        $scheme = 'https'
        $certificate = Join-Path $dir 'cert.pem'
        & openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=127.0.0.1' -addext 'subjectAltName=IP:127.0.0.1' `
            -keyout (Join-Path $dir 'key.pem') -out $certificate 2>$null
        $password = [Convert]::ToHexString([Security.Cryptography.RandomNumberGenerator]::GetBytes(12)).ToLowerInvariant()
        $hash = ((& htpasswd -nbB -C 10 monitor $password) -join '').Split(':', 2)[1].Trim()
        $web = Join-Path $dir 'web.yml'
        [IO.File]::WriteAllText($web, "tls_server_config:`n  cert_file: $certificate`n  key_file: $(Join-Path $dir 'key.pem')`nbasic_auth_users:`n  monitor: '$hash'`n")
        $arguments += '--web.config.file', $web
        $credential = "monitor:$password"
    }
    $server = Start-RealServer -Name "$($Product.ToLowerInvariant())-$Mode" -FilePath (Get-Command $MonitoringCommands[$Product] -CommandType Application | Select-Object -First 1).Source `
        -ArgumentList $arguments -WorkingDirectory $dir -ReadyPort $port -TimeoutSec 90
    $entry = [pscustomobject]@{ Skip = $null; Server = $server; Base = "${scheme}://127.0.0.1:$port"; Directory = $dir; Certificate = $certificate; Credential = $credential }
    $MonitoringServers.Add($entry)
    # The port accepts before the HTTP handler is mounted: wait for an HTTP answer.
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ((Invoke-MonitoringCurl $entry '/-/healthy').StatusCode -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 250 }
    $entry
}

function Invoke-MonitoringCurl {
    # curl against a started server (Invoke-Curl; -k), with the protected variant's credentials when -Authenticated.
    param([Parameter(Mandatory)]$Entry, [string]$Path = '/', [string]$Method = 'GET', [string[]]$Header = @(), [string]$Body, [switch]$Authenticated)
    $headers = @($Header)
    if ($Authenticated) { $headers += "Authorization: Basic $([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Entry.Credential)))" }
    $params = @{ Url = "$($Entry.Base)$Path"; Method = $Method; Header = $headers }
    if ($PSBoundParameters.ContainsKey('Body')) { $params.Body = $Body }
    Invoke-Curl @params
}

function Stop-MonitoringServer {
    foreach ($s in $MonitoringServers) {
        if ($s.Server) { $s.Server | Stop-RealServer }
        if ($s.Directory) { Remove-Item -Recurse -Force $s.Directory -ErrorAction Ignore }
    }
    $MonitoringServers.Clear()
}

function Get-MonitoringScanParameter($Entry) {
    # What a user passes to scan the server: loopback allowed, and the protected variant's certificate trusted.
    $p = @{ AllowPrivateAddress = $true; ErrorAction = 'SilentlyContinue' }
    if ($Entry.Certificate) { $p.TrustedRootCertificate = $Entry.Certificate }
    $p
}
