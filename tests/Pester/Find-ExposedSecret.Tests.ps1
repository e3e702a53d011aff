# Find-ExposedSecret: the Lab's planted site (a fake secret of every type, made anew each Lab run, in its page, HTML
# comment, bundles, source maps, error page and configuration files) and its clean twin; the same files deployed on a
# real nginx (as shipped, and configured safely); real minified bundles from npm as the clean corpus; -Verify against a
# loopback stub of a provider; -IncludeSecrets on Get-ApiInventory. No planted value may appear in any output.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $RepoRoot 'tests/Real/RealSoftware.ps1')
    $script:Planted = Get-LabScenario secrets-planted
    $script:Clean = Get-LabScenario secrets-clean
    $script:PlantedValues = @($Planted.expect.SecretValues)
    $script:Work = New-TestDirectory 'findsecret'
    $script:PlantedFiles = '/', '/static/js/main.4f1c2a.js', '/static/js/main.4f1c2a.js.map', '/static/js/chunk.77e1.js', '/static/js/chunk.77e1.js.map',
    '/.env', '/config.js', '/.npmrc', '/.aws/credentials', '/openapi.json'
    $script:CleanFiles = '/', '/static/js/app.91ce.js', '/static/js/app.91ce.js.map'

    # The key the Lab's xunit test compares too: type|path|source (a map's source file named after its path).
    function Get-SecretKey($Secret) {
        $path = ([uri]$Secret.Url).AbsolutePath
        $where = switch ("$($Secret.Source)") { 'SourceMap' { "$path ($($Secret.SourceName))" } 'ErrorPage' { '(error page)' } default { $path } }
        "$($Secret.Type)|$where|$($Secret.Source)"
    }

    # Copies a Lab site's files byte for byte with curl (ground truth: what the site really serves) into a web root.
    function Save-LabSite([string]$HostName, [string[]]$Paths, [string]$Root) {
        foreach ($p in $Paths) {
            $target = Join-Path $Root ($(if ($p -eq '/') { 'index.html' } else { $p.TrimStart('/') }))
            $null = New-Item -ItemType Directory -Force (Split-Path $target)
            & curl -sS --fail --max-time 10 --noproxy '127.0.0.0/8,localhost,::1' -H "Host: $HostName" -o $target "http://127.0.0.1:$($Lab.httpPort)$p"
            $LASTEXITCODE | Should -Be 0 -Because "the Lab serves $p on $HostName"
        }
        & chmod -R a+rX $Root
    }

    # Everything a command wrote, on every stream, as text.
    function Invoke-Captured([scriptblock]$Command) {
        $records = [System.Collections.Generic.List[object]]::new()
        try { & $Command *>&1 | ForEach-Object { $records.Add($_) } } catch { $records.Add($_) }
        ($records | ForEach-Object {
                switch ($_) {
                    { $_ -is [System.Management.Automation.ErrorRecord] } { $_ | Out-String -Width 4096; $_.Exception.ToString(); break }
                    { $_ -is [System.Management.Automation.InformationalRecord] } { $_.Message; break }
                    { $_ -is [System.Management.Automation.InformationRecord] } { "$($_.MessageData)"; break }
                    default { $_ | Out-String -Width 4096; $_ | ConvertTo-Json -Depth 4 -WarningAction Ignore }
                }
            }) -join "`n"
    }

    function Assert-NoPlantedValue([string]$Text, [string]$Where) {
        $Text | Should -Not -BeNullOrEmpty -Because "$Where produced something to inspect"
        $leaked = @($PlantedValues | Where-Object { $Text.Contains($_) })
        $leaked.Count | Should -Be 0 -Because "no planted secret may appear in $Where ($($leaked.Count) did)"
    }

    function Start-NginxSite([string]$Template, [string]$Root) {
        $port = Get-FreeTcpPort
        $tmp = Join-Path $Work "nginx-$port"; $null = New-Item -ItemType Directory $tmp
        & chmod 0777 $tmp
        $conf = Join-Path $tmp 'nginx.conf'
        (Get-Content -Raw (Join-Path $RepoRoot "tests/Real/apps/secrets-nginx/$Template")).Replace('__PORT__', "$port").Replace('__ROOT__', $Root).Replace('__TMP__', $tmp) |
            Set-Content $conf
        $server = Start-RealServer -Name nginx -FilePath nginx -ArgumentList '-c', $conf -ReadyPort $port
        $server | Add-Member Port $port -PassThru
    }
}

AfterAll {
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Find-ExposedSecret' {
    It 'finds every planted secret of the Lab site with its type, resource, source, line and column, and nothing else' {
        (Invoke-Curl -Url "http://127.0.0.1:$($Lab.httpPort)/.env" -Header "Host: $($Planted.host)").Body | Should -Match '(?m)^NODE_ENV=production'
        $found = [System.Collections.Generic.List[object]]::new()
        $text = Invoke-Captured { Find-ExposedSecret -Url "http://$($Planted.host):$($Lab.httpPort)/" @LabParams -Verbose -Debug -WarningAction Continue | ForEach-Object { $found.Add($_); $_ } }
        $found | Should -BeOfType ([ApiThreat.ExposedSecret])
        $expected = @($Planted.expect.Secrets | Sort-Object)
        $actual = @($found | ForEach-Object { Get-SecretKey $_ } | Sort-Object)
        $actual | Should -Be $expected
        $expected.Count | Should -BeGreaterOrEqual 40
        foreach ($s in $found) {
            $s.Line | Should -BeGreaterThan 0
            $s.Column | Should -BeGreaterThan 0
            $s.MaskedValue | Should -Match '^.{0,4}…#[0-9a-f]{12}$'
            $s.ValueHash | Should -Match '^[0-9a-f]{12}$'
            $s.Findings.RuleId | Should -Match '^ATR-SECRET-\d{3}$'
            $s.HostName | Should -Be $Planted.host
        }
        ($found | Where-Object Type -EQ 'github-pat').Confidence | Should -Be ValidatedFormat
        ($found | Where-Object Type -EQ 'aws-access-key-pair').PairedWith | Should -Not -BeNullOrEmpty
        Assert-NoPlantedValue $text 'the output, verbose and debug streams of Find-ExposedSecret'
    }

    It 'finds nothing on the clean twin full of look-alikes that answers its page to every path, /.env included' {
        $truth = Invoke-Curl -Url "http://127.0.0.1:$($Lab.httpPort)/.env" -Header "Host: $($Clean.host)"
        $truth.StatusCode | Should -Be 200
        $truth.Body | Should -Match '<!doctype html>'
        $found = @(Find-ExposedSecret -Url "http://$($Clean.host):$($Lab.httpPort)/" @LabParams)
        @($found | ForEach-Object { "$(Get-SecretKey $_) $($_.Detail)" }) | Should -BeNullOrEmpty
    }

    It 'reads local files and folders (-Path, -LiteralPath): bundles, source maps source by source, .env; -Type narrows' {
        $root = Join-Path $Work 'dist'
        Save-LabSite $Planted.host $PlantedFiles $root
        $found = @(Find-ExposedSecret -Path $root)
        $types = @($found.Type | Sort-Object -Unique)
        $fileTypes = @($Planted.expect.Secrets | Where-Object { $_ -notmatch '\(error page\)' } | ForEach-Object { ($_ -split '\|')[0] } | Sort-Object -Unique)
        $types | Should -Be $fileTypes
        $map = @($found | Where-Object { $_.Url -like '*main.4f1c2a.js.map' })
        $map.Count | Should -BeGreaterThan 0
        $map | ForEach-Object { $_.SourceName | Should -Be 'src/config.ts' }
        $env = @(Find-ExposedSecret -LiteralPath (Join-Path $root '.env') -Type env-secret, aws-secret-access-key)
        ($env.Type | Sort-Object -Unique) | Should -Be @('aws-secret-access-key', 'env-secret')
        Assert-NoPlantedValue ($found | ConvertTo-Json -Depth 6) 'the objects of Find-ExposedSecret -Path'
    }

    It 'real minified bundles from npm (react-dom, lodash, moment, three, vue, jquery, d3, chart.js) hold no secret' {
        $modules = Join-Path $RepoRoot 'tests/Real/apps/secrets-corpus/node_modules'
        $reason = Get-RealSkipReason -App secrets-corpus -NpmPackage react-dom, lodash, moment, three, vue, jquery, d3, chart.js
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        $bundles = 'react-dom/umd/react-dom.production.min.js', 'lodash/lodash.min.js', 'moment/min/moment-with-locales.min.js', 'three/build/three.module.min.js',
        'vue/dist/vue.global.prod.js', 'jquery/dist/jquery.min.js', 'd3/dist/d3.min.js', 'chart.js/dist/chart.umd.js' | ForEach-Object { Join-Path $modules $_ }
        $found = @(Find-ExposedSecret -LiteralPath $bundles)
        @($found | ForEach-Object { "$($_.Type) $($_.Url):$($_.Line):$($_.Column) $($_.Detail)" }) | Should -BeNullOrEmpty
    }

    It 'a real nginx serving the planted deployment as shipped: every secret of its files found; configured safely: nothing' {
        $reason = Get-RealSkipReason -Command nginx, curl
        if ($reason) { Set-ItResult -Skipped -Because $reason; return }
        $root = Join-Path $Work 'nginx-planted'
        Save-LabSite $Planted.host $PlantedFiles $root
        $server = Start-NginxSite 'as-shipped.conf' $root
        try {
            $truth = Invoke-Curl -Url "http://127.0.0.1:$($server.Port)/.env"
            $truth.StatusCode | Should -Be 200
            $truth.Body | Should -Match '(?m)^NODE_ENV=production'
            (Invoke-Curl -Url "http://127.0.0.1:$($server.Port)/static/js/chunk.77e1.js.map").StatusCode | Should -Be 200
            $found = @(Find-ExposedSecret -Url "http://127.0.0.1:$($server.Port)/" -AllowPrivateAddress -TimeoutSec 10)
            $expected = @($Planted.expect.Secrets | Where-Object { $_ -notmatch '\(error page\)' } | Sort-Object)
            @($found | ForEach-Object { Get-SecretKey $_ } | Sort-Object) | Should -Be $expected
        }
        finally { $server | Stop-RealServer }

        # The safe twin: the clean app's build, source maps and dot-files refused, every other path answered with
        # index.html (the SPA fallback). The planted configuration files are still on disk beside it.
        $safe = Join-Path $Work 'nginx-safe'
        Save-LabSite $Clean.host $CleanFiles $safe
        Copy-Item -Recurse (Join-Path $root '.aws'), (Join-Path $root '.env'), (Join-Path $root '.npmrc') $safe
        & chmod -R a+rX $safe
        $server = Start-NginxSite 'safe.conf' $safe
        try {
            (Invoke-Curl -Url "http://127.0.0.1:$($server.Port)/.env").StatusCode | Should -Be 403
            (Invoke-Curl -Url "http://127.0.0.1:$($server.Port)/static/js/app.91ce.js.map").StatusCode | Should -Be 403
            (Invoke-Curl -Url "http://127.0.0.1:$($server.Port)/config.js").Body | Should -Match '<!doctype html>'
            $found = @(Find-ExposedSecret -Url "http://127.0.0.1:$($server.Port)/" -AllowPrivateAddress -TimeoutSec 10)
            @($found | ForEach-Object { "$(Get-SecretKey $_) $($_.Detail)" }) | Should -BeNullOrEmpty
        }
        finally { $server | Stop-RealServer }
    }

    It '-Verify asks the provider endpoint given (a loopback stub) only after confirmation; -WhatIf sends nothing' {
        $root = Join-Path $Work 'verify'
        Save-LabSite $Planted.host '/static/js/main.4f1c2a.js' $root
        $bundle = Join-Path $root 'static/js/main.4f1c2a.js'
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $listener.Start()
        $seen = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($listener, $seen)
                while ($true) {
                    try { $client = $listener.AcceptTcpClient() } catch { return }
                    try {
                        $stream = $client.GetStream(); $buffer = [byte[]]::new(16384); $n = $stream.Read($buffer, 0, $buffer.Length)
                        $request = [Text.Encoding]::Latin1.GetString($buffer, 0, $n)
                        $seen.Enqueue(($request -split "`r`n")[0] + ' auth=' + [bool]($request -match '(?im)^authorization: token \S+'))
                        $body = [Text.Encoding]::UTF8.GetBytes('{"login":"lab-octocat","id":1}')
                        $head = [Text.Encoding]::Latin1.GetBytes("HTTP/1.1 200 OK`r`nContent-Type: application/json`r`nContent-Length: $($body.Length)`r`nConnection: close`r`n`r`n")
                        $stream.Write($head, 0, $head.Length); $stream.Write($body, 0, $body.Length); $stream.Flush()
                    }
                    catch { } finally { $client.Dispose() }
                }
            }).AddArgument($listener).AddArgument($seen)
        $null = $ps.BeginInvoke()
        try {
            $stub = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/user"
            $what = @(Find-ExposedSecret -LiteralPath $bundle -Type github-pat -Verify -GitHubApiUri $stub -AllowPrivateAddress -WhatIf)
            $what.Count | Should -Be 1
            $what[0].Verified | Should -BeNullOrEmpty
            $seen.Count | Should -Be 0 -Because '-WhatIf sends no secret anywhere'
            $verified = [System.Collections.Generic.List[object]]::new()
            $text = Invoke-Captured { Find-ExposedSecret -LiteralPath $bundle -Type github-pat -Verify -GitHubApiUri $stub -AllowPrivateAddress -Confirm:$false -Verbose -Debug -WarningAction Continue | ForEach-Object { $verified.Add($_); $_ } }
            $verified.Count | Should -Be 1
            $verified[0].Verified | Should -BeTrue
            $verified[0].Verification | Should -Match 'lab-octocat'
            @($seen) | Should -Be @('GET /user HTTP/1.1 auth=True')
            Assert-NoPlantedValue $text 'the streams of Find-ExposedSecret -Verify'
        }
        finally { $listener.Stop(); $ps.Dispose() }
    }

    It 'refuses bad input with an error that names it' {
        { Find-ExposedSecret -LiteralPath $Work -Type no-such-type -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownSecretType*'
        { Find-ExposedSecret -LiteralPath $Work -Verify -GitHubApiUri 'ftp://127.0.0.1/user' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidVerifierEndpoint*'
        $missing = Join-Path $Work 'no-such-dist'
        $err = $null
        $r = Find-ExposedSecret -LiteralPath $missing -ErrorVariable err -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Match '^PathNotFound'
        "$($err[0])" | Should -Match 'no-such-dist'
    }

    It 'Get-ApiInventory -IncludeSecrets reports the secrets of what discovery fetched, once each, and none on the clean twin' {
        $params = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; Port = $Lab.httpPort; Depth = 'Standard' }
        $out = @(Get-ApiInventory -Url $Planted.host @params -IncludeSecrets)
        $secrets = @($out | Where-Object { $_ -is [ApiThreat.ExposedSecret] })
        $keys = @($secrets | ForEach-Object { Get-SecretKey $_ })
        $keys | Should -Contain 'google-api-key|/|Page'
        $keys | Should -Contain 'slack-webhook-url|/|HtmlComment'
        $keys | ForEach-Object { $_ | Should -BeIn @($Planted.expect.Secrets) }
        @($secrets | Group-Object { "$($_.Type)|$($_.ValueHash)" } | Where-Object Count -GT 1) | Should -BeNullOrEmpty
        Assert-NoPlantedValue ($out | ConvertTo-Json -Depth 6 -WarningAction Ignore) 'the objects of Get-ApiInventory -IncludeSecrets'
        @(Get-ApiInventory -Url $Clean.host @params -IncludeSecrets | Where-Object { $_ -is [ApiThreat.ExposedSecret] }) | Should -BeNullOrEmpty
    }
}
