# WordPress as Debian ships it (package wordpress, its files under /usr/share/wordpress) on MariaDB (mariadb-server),
# for the real-software tests. Dot-source after RealSoftware.ps1. Everything lives in a temporary folder: a MariaDB
# data directory run as the 'mysql' user on a Unix socket only (no TCP port), a copy of the WordPress tree with its own
# wp-config.php (Debian's reads /etc/wordpress/config-<host>.php, which a test must not write), and PHP's built-in
# server on a free loopback port. WordPress is installed through its own wp-admin/install.php, as a person would.

function Get-WordPressSkipReason {
    $reason = Get-RealSkipReason -Command php, curl, mariadbd, mariadb-install-db, mariadb, runuser
    if ($reason) { return $reason }
    if (-not (Test-Path /usr/share/wordpress/wp-settings.php)) { return 'WordPress is not installed (Debian package wordpress)' }
    if (-not (Test-Path /usr/share/wordpress/wp-content/themes/twentytwentythree)) { return 'the default theme is not installed (Debian package wordpress-theme-twentytwentythree)' }
    & php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' 2>$null
    if ($LASTEXITCODE -ne 0) { return "PHP's mysqli extension is missing (Debian package php-mysql)" }
    if (-not ((& id -u mysql 2>$null))) { return "no 'mysql' system user: MariaDB cannot run as root" }
    $null
}

function Start-RealMariaDb {
    # A fresh data directory and server on a socket in a temporary folder; returns the folder, socket and server.
    $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-mariadb-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force (Join-Path $dir 'db'), (Join-Path $dir 'run')
    & chmod 755 $dir
    & chown mysql (Join-Path $dir 'db') (Join-Path $dir 'run')
    # No fsync and no doublewrite: a throwaway database on a loaded machine.
    $fast = @('--skip-name-resolve', '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0')
    $out = & runuser -u mysql -- mariadb-install-db --no-defaults "--datadir=$dir/db" --auth-root-authentication-method=socket --skip-test-db @fast 2>&1
    if ($LASTEXITCODE -ne 0) { throw "mariadb-install-db failed: $($out | Select-Object -Last 5)" }
    $socket = Join-Path $dir 'run/mysql.sock'
    # The shell redirects the server's output: Start-Process -RedirectStandardError writes through a handler that
    # outlives the cmdlet, and a line logged after that kills the whole PowerShell process (ObjectDisposedException).
    $server = @('runuser', '-u', 'mysql', '--', 'mariadbd', '--no-defaults', "--datadir=$dir/db", "--socket=$socket", '--skip-networking', "--pid-file=$dir/run/mariadbd.pid") + $fast
    $command = 'exec ' + (($server | ForEach-Object { "'" + ($_ -replace "'", "'\''") + "'" }) -join ' ') + " >'$dir/mariadbd.out' 2>'$dir/mariadbd.err' </dev/null"
    $psi = [Diagnostics.ProcessStartInfo]::new((Get-Command bash).Source)
    $psi.ArgumentList.Add('-c'); $psi.ArgumentList.Add($command); $psi.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($psi)
    $deadline = [DateTime]::UtcNow.AddSeconds(90)
    while (-not (Test-Path $socket)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "MariaDB did not start: $(Get-Content -Raw (Join-Path $dir 'mariadbd.err') -ErrorAction Ignore)" }
        Start-Sleep -Milliseconds 300
    }
    [pscustomobject]@{ Directory = $dir; Socket = $socket; Process = $process }
}

function Stop-RealMariaDb($Db) {
    if (-not $Db) { return }
    # mariadbd runs under runuser: the pid file names the server itself.
    $pidFile = Join-Path $Db.Directory 'run/mariadbd.pid'
    if (Test-Path $pidFile) { & kill ([int](Get-Content $pidFile)) 2>$null }
    if (-not $Db.Process.HasExited) { $null = $Db.Process.WaitForExit(15000) }
    Remove-Item -Recurse -Force $Db.Directory -ErrorAction SilentlyContinue
}

function Start-RealWordPress {
    <#
    One WordPress site on -Database (a MariaDB of Start-RealMariaDb; its own database), installed through wp-admin/install.php: the title, one administrator
    and WordPress's sample post and page. -Safe adds the hardening a careful administrator applies: a must-use plugin
    (tests/Real/apps/realfw-wordpress/harden.php) that keeps the users routes for logged-in users and switches XML-RPC
    off, logins sent to HTTPS only (FORCE_SSL_ADMIN), readme.html removed, and PHP's expose_php off. -Pretty turns pretty permalinks on (/wp-json/ instead of
    ?rest_route=) with a router script that plays the rewrite rules Apache's .htaccess would.
    #>
    param([Parameter(Mandatory)]$Database, [Parameter(Mandatory)][string]$Name, [switch]$Safe, [switch]$Pretty)
    $password = "wp-$([guid]::NewGuid().ToString('n').Substring(0, 16))"
    & mariadb -S $Database.Socket -u root -e "CREATE DATABASE $Name; CREATE USER '$Name'@'localhost' IDENTIFIED BY '$password'; GRANT ALL ON $Name.* TO '$Name'@'localhost';"
    if ($LASTEXITCODE -ne 0) { throw "could not create the database $Name" }
    $site = Join-Path $Database.Directory "site-$Name"
    & cp -a /usr/share/wordpress $site
    Remove-Item (Join-Path $site 'wp-config.php')
    $app = Join-Path $script:RealRoot 'apps/realfw-wordpress'
    $config = (Get-Content -Raw (Join-Path $app 'wp-config.php')).Replace('__NAME__', $Name).Replace('__PASSWORD__', $password).Replace('__SOCKET__', $Database.Socket)
    # The hardened twin sends its logins to HTTPS only (FORCE_SSL_ADMIN, WordPress's "Administration Over SSL").
    if ($Safe) { $config = $config.Replace("define('WP_DEBUG', false);", "define('WP_DEBUG', false);`ndefine('FORCE_SSL_ADMIN', true);") }
    [IO.File]::WriteAllText((Join-Path $site 'wp-config.php'), $config)
    if ($Safe) {
        $null = New-Item -ItemType Directory -Force (Join-Path $site 'wp-content/mu-plugins')
        Copy-Item (Join-Path $app 'harden.php') (Join-Path $site 'wp-content/mu-plugins/harden.php')
        Remove-Item (Join-Path $site 'readme.html')
    }
    $port = Get-FreeTcpPort
    $arguments = @('-d', "expose_php=$(if ($Safe) { 'Off' } else { 'On' })", '-S', "127.0.0.1:$port", '-t', $site) + $(if ($Pretty) { @((Join-Path $app 'router.php')) } else { @() })
    $server = Start-RealServer -Name "wordpress-$Name" -FilePath (Get-Command php).Source -ArgumentList $arguments -WorkingDirectory $site -ReadyPort $port -TimeoutSec 60
    $url = "http://127.0.0.1:$port/"
    $form = @('weblog_title=Corner+Bakery', "user_name=$Name-admin", "admin_password=$password", "admin_password2=$password", 'pw_weak=1',
        'admin_email=owner%40bakery.example', 'blog_public=1', 'language=')
    $null = & curl -sS --max-time 120 --noproxy '127.0.0.0/8' -o /dev/null "${url}wp-admin/install.php?step=2" --data ($form -join '&')
    if ($Pretty) { & mariadb -S $Database.Socket -u root -e "UPDATE $Name.wp_options SET option_value='/%postname%/' WHERE option_name='permalink_structure'; DELETE FROM $Name.wp_options WHERE option_name='rewrite_rules';" }
    [pscustomobject]@{ Server = $server; Url = $url; Site = $site; Admin = "$Name-admin" }
}
