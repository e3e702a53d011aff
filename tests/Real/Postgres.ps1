# A real PostgreSQL server for the inventory tests: Debian's postgresql package, a fresh cluster in a temp directory,
# run as the 'postgres' user (the server refuses root), on 127.0.0.1 and a free port, password authentication.
# Dot-source after RealSoftware.ps1. Start-RealPostgres returns $null with $script:PostgresSkipReason set when it cannot start.

function Get-PostgresBin {
    $initdb = Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' -ErrorAction SilentlyContinue | Sort-Object FullName | Select-Object -Last 1
    if ($initdb) { Split-Path $initdb.FullName }
}

function Start-RealPostgres {
    $script:PostgresSkipReason = $null
    if (-not $IsLinux) { $script:PostgresSkipReason = 'PostgreSQL tests run on Linux (Debian package postgresql)'; return }
    $bin = Get-PostgresBin
    if (-not $bin) { $script:PostgresSkipReason = 'Debian package postgresql is not installed (tests/Real/install.sh installs it)'; return }
    if (-not (Get-Command runuser -ErrorAction SilentlyContinue) -or -not (Get-Command id -ErrorAction SilentlyContinue) -or -not ((& id -u postgres 2>$null))) {
        $script:PostgresSkipReason = "no 'postgres' system user or no runuser: the server cannot run as root"; return
    }
    $dir = Join-Path ([IO.Path]::GetTempPath()) "apithreat-pg-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force $dir
    $password = [guid]::NewGuid().ToString('n')
    $pwFile = Join-Path $dir 'pw'
    Set-Content -Path $pwFile -Value $password -NoNewline
    & chown -R postgres $dir
    & chmod 700 $dir
    $data = Join-Path $dir 'data'
    $out = & runuser -u postgres -- "$bin/initdb" -D $data -U postgres --auth=scram-sha-256 "--pwfile=$pwFile" -E UTF8 --locale=C.UTF-8 2>&1
    if ($LASTEXITCODE -ne 0) { $script:PostgresSkipReason = "initdb failed: $($out | Select-Object -Last 3)"; return }
    & rm -f $pwFile
    $port = Get-FreeTcpPort
    $log = Join-Path $dir 'server.log'
    $out = & runuser -u postgres -- "$bin/pg_ctl" -D $data -l $log -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=60 -c fsync=off" start 2>&1
    if ($LASTEXITCODE -ne 0) { $script:PostgresSkipReason = "PostgreSQL did not start: $($out | Select-Object -Last 3) $(Get-Content $log -Tail 3 -ErrorAction SilentlyContinue)"; return }
    [pscustomobject]@{
        Bin        = $bin
        Directory  = $dir
        Data       = $data
        Port       = $port
        Password   = $password
        Credential = [pscredential]::new('postgres', (ConvertTo-SecureString $password -AsPlainText -Force))
        # The location the module is given: no password in it (the credential carries it).
        Location   = "postgres://postgres@127.0.0.1:$port/postgres"
    }
}

function Invoke-Psql {
    # Ground truth from the server itself, never through the module.
    param([Parameter(Mandatory)]$Server, [Parameter(Mandatory)][string]$Sql)
    $env:PGPASSWORD = $Server.Password
    try { & psql -h 127.0.0.1 -p $Server.Port -U postgres -d postgres -At -c $Sql } finally { Remove-Item Env:PGPASSWORD }
}

function Stop-RealPostgres {
    param($Server)
    if (-not $Server) { return }
    & runuser -u postgres -- "$($Server.Bin)/pg_ctl" -D $Server.Data -m immediate -w stop *> $null
    Remove-Item -Recurse -Force $Server.Directory -ErrorAction SilentlyContinue
}
