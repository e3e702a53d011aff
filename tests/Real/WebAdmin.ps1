# Pester helpers of the web administration and status pages wing (dot-source after common.ps1, RealSoftware.ps1 and
# Exposure.ps1): nginx or Apache from Debian, configured by a template of tests/Real/apps/realfw9-web-<name>/
# (__PORT__, __ROOT__, __TMP__ as New-ExposureConfig fills them, __SOCKET__: PHP-FPM's socket), with PHP-FPM behind it
# run unprivileged (www-data) in the foreground on a Unix socket in a temporary folder.

function Get-WebAdminSkipReason {
    param([string[]]$Command = @(), [string[]]$File = @())
    $reason = Get-RealSkipReason -Command (@('php-fpm8.2', 'runuser', 'curl') + $Command)
    if ($reason) { return $reason }
    foreach ($f in $File) { if (-not (Test-Path $f)) { return "$f is not installed (Debian package from tests/Real/debian-packages.txt)" } }
    if (-not ((& id -u www-data 2>$null))) { return "no 'www-data' system user: PHP-FPM runs unprivileged as it" }
    $null
}

function Start-WebAdminSite {
    <#
    The web server (-Server nginx or apache2) with -Template of tests/Real/apps/-App on a free loopback port, then
    PHP-FPM with realfw9-web-phpfpm/php-fpm.conf (Debian's www pool with pm.status_path and ping.path uncommented).
    Returns both servers, the URL and the socket once PHP-FPM has opened it.
    #>
    param([Parameter(Mandatory)][ValidateSet('nginx', 'apache2')][string]$Server, [Parameter(Mandatory)][string]$App,
        [Parameter(Mandatory)][string]$Template, [Parameter(Mandatory)][string]$Root)
    $fpm = New-ExposureConfig -App 'realfw9-web-phpfpm' -Template 'php-fpm.conf' -Port 0 -Root $Root
    $socket = Join-Path $fpm.Directory 'php-fpm.sock'
    $port = Get-FreeTcpPort
    $config = New-ExposureConfig -App $App -Template $Template -Port $port -Root $Root
    [IO.File]::WriteAllText($config.Path, (Get-Content -Raw $config.Path).Replace('__SOCKET__', $socket))
    $arguments = if ($Server -eq 'nginx') { @('-c', $config.Path, '-p', $config.Directory) } else { @('-f', $config.Path, '-DFOREGROUND') }
    $web = Start-RealServer -Name "$App-$Template" -FilePath (Get-Command $Server).Source -ArgumentList $arguments -ReadyPort $port -Environment @{ HOME = $config.Directory }
    # The web server already answers, so Start-RealServer returns at once; PHP-FPM is ready when its socket exists.
    $php = Start-RealServer -Name 'php-fpm' -FilePath (Get-Command runuser).Source -ReadyPort $port -TimeoutSec 30 `
        -ArgumentList @('-u', 'www-data', '--', (Get-Command php-fpm8.2).Source, '-F', '-y', $fpm.Path, '-p', $fpm.Directory)
    $site = [pscustomobject]@{ Servers = @($web, $php); Url = "http://127.0.0.1:$port"; Socket = $socket }
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (-not (Test-Path $socket)) {
        if ($php.Process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            Stop-WebAdminSite $site
            throw "PHP-FPM did not open its socket: $(Get-Content -Raw (Join-Path $fpm.Directory 'php-fpm.log') -ErrorAction Ignore)"
        }
        Start-Sleep -Milliseconds 150
    }
    $site
}

function Stop-WebAdminSite($Site) {
    if ($Site) { $Site.Servers | Stop-RealServer }
}
