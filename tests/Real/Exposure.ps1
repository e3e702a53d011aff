# Pester helpers of the exposure tests on real servers (dot-source after common.ps1 and RealSoftware.ps1).

$script:ExposureApps = Join-Path $PSScriptRoot 'apps'

function New-ExposureSiteRoot {
    <#
    A web root in a temporary folder. -DefaultPage copies the product's own installed welcome page as index.html
    (the real file, from its Debian package); otherwise the application's page. Both variants carry the same planted
    leftovers (a download folder without an index, a Git working copy, a .env file, a SQL dump): a safe configuration
    must refuse them, an exposed one serves them.
    #>
    param([string]$DefaultPage)
    $root = Join-Path ([IO.Path]::GetTempPath()) "apithreat-root-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force (Join-Path $root 'files'), (Join-Path $root '.git')
    if ($DefaultPage) { Copy-Item $DefaultPage (Join-Path $root 'index.html') }
    else { Set-Content (Join-Path $root 'index.html') '<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1><p>Welcome.</p></body></html>' }
    Set-Content (Join-Path $root 'files/price-list-2026.csv') "sku,price`nW-1,10`n"
    Set-Content (Join-Path $root 'files/notes.txt') 'release notes'
    [IO.File]::WriteAllText((Join-Path $root '.git/HEAD'), "ref: refs/heads/main`n")
    [IO.File]::WriteAllText((Join-Path $root '.git/config'), "[core]`n`trepositoryformatversion = 0`n`tfilemode = true`n`tbare = false`n")
    [IO.File]::WriteAllText((Join-Path $root '.env'), "APP_ENV=production`nDB_PASSWORD=s3cr3t-lab-password`nAPI_KEY=lab-api-key-0123456789`n")
    [IO.File]::WriteAllText((Join-Path $root 'backup.sql'), "-- MySQL dump 10.13  Distrib 8.0.36`n--`nCREATE TABLE users (id int, email varchar(200));`nINSERT INTO users VALUES (1,'ann@shop.example');`n")
    # Daemons that drop to www-data or nobody must read it.
    & chmod -R a+rX $root
    $root
}

function New-ExposureConfig {
    # Fills a config template of tests/Real/apps/<App>/ (__PORT__, __ROOT__, __TMP__) into a temporary folder.
    param([string]$App, [string]$Template, [int]$Port, [string]$Root)
    $tmp = Join-Path ([IO.Path]::GetTempPath()) "apithreat-$App-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Force $tmp
    $text = (Get-Content -Raw (Join-Path $ExposureApps "$App/$Template")).Replace('__PORT__', "$Port").Replace('__ROOT__', $Root).Replace('__TMP__', $tmp)
    $path = Join-Path $tmp $Template
    [IO.File]::WriteAllText($path, $text)
    & chmod 0777 $tmp   # daemons that drop privileges still write their logs and pid files there
    [pscustomobject]@{ Path = $path; Directory = $tmp }
}

function Invoke-ExposureScan {
    # Test-ApiSecurity against a loopback server, as a user would point it at one (no -Resolver: 127.0.0.1 needs none).
    param([Parameter(Mandatory)][string]$Url, [ApiThreat.ApiOperation[]]$Operation, [switch]$Active)
    if ($Operation) {
        $endpoint = [ApiThreat.ApiEndpoint]@{ Url = $Url; HostName = ([uri]$Url).Host; Port = ([uri]$Url).Port; Kind = 'Rest'; Operations = $Operation }
        $endpoint | Test-ApiSecurity -AllowPrivateAddress -TimeoutSec 10 -Active:$Active -Confirm:$false -ErrorAction Stop
    }
    else { Test-ApiSecurity -Url $Url -AllowPrivateAddress -TimeoutSec 10 -Active:$Active -Confirm:$false -ErrorAction Stop }
}

function New-ExposureOperation([string]$Spec) {
    # "GET /api/items/{id}" or "POST /api/orders bearer" (a scheme = secured).
    $m, $p, $s = $Spec -split ' '
    [ApiThreat.ApiOperation]@{ Method = $m; Path = $p; Security = @($s | Where-Object { $_ }); AllowsAnonymous = -not $s }
}

function Assert-Exposure {
    <#
    The ground-truth assertion of an exposure scenario: every rule of -Expected is found, and nothing at Medium or
    above is found outside -Expected (a false Medium/High is as serious as a miss). Returns the rule ids found.
    #>
    param($Findings, [string[]]$Expected = @(), [string]$Because)
    $ids = @($Findings | ForEach-Object RuleId | Sort-Object -Unique)
    foreach ($rule in $Expected) { $ids | Should -Contain $rule -Because "$Because (found: $($ids -join ', '))" }
    $serious = @($Findings | Where-Object { $_.Severity -ge [ApiThreat.Severity]::Medium -and $_.RuleId -notin $Expected })
    $serious | ForEach-Object { "$($_.RuleId) $($_.Severity) $($_.Evidence)" } | Should -BeNullOrEmpty -Because "${Because}: no other finding at Medium or above"
    $ids
}
