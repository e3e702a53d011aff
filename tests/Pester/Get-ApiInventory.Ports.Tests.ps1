# Get-ApiInventory -Port beyond the twelve default ports: a connect scan (Top100, Top1000, ranges) and recognition of
# HTTP and TLS on any port, against the Lab's APIs on unusual ports (tests/Lab/Scenarios/PortScenarios.cs) and nmap,
# the reference scanner, on the same addresses.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Http = Get-LabScenario ports-http-api
    $script:Tls = Get-LabScenario ports-tls-api
    $script:Ssh = Get-LabScenario ports-ssh
    $script:Ranked = Get-Content (Join-Path $ModulePath 'data/ports/tcp-top-ports.txt') | Where-Object { $_ -notmatch '^#' } |
        ForEach-Object { $_ -split '\s+' } | Where-Object { $_ } | ForEach-Object { [int]$_ }
    $script:NoNmap = if (-not (Get-Command nmap -ErrorAction SilentlyContinue)) { 'nmap is not installed (Debian package nmap)' }
    function Get-OpenPort([string]$Address, [string]$PortSpec) {
        # nmap's connect scan: the ground truth of what is open.
        $xml = Join-Path $TestDrive "nmap-$([guid]::NewGuid().ToString('n')).xml"
        & nmap -sT -Pn -n -p $PortSpec -oX $xml $Address *> $null
        @(([xml](Get-Content -Raw $xml)).nmaprun.host.ports.port) | Where-Object { $_.state.state -eq 'open' } | ForEach-Object { [int]$_.portid }
    }
    # Listeners bound to every address (0.0.0.0: the machine's own services) answer on each Lab address too; a
    # loopback address where the Lab binds nothing shows which, so the ground truth is what the Lab itself opened.
    function Get-LabOpenPort([string]$Address, [string]$PortSpec) {
        $background = @(Get-OpenPort 127.78.0.99 $PortSpec)
        Get-OpenPort $Address $PortSpec | Where-Object { $_ -notin $background }
    }
}

Describe 'Get-ApiInventory -Port' {
    It 'the ranked list is nmap''s own top 1,000' {
        if ($NoNmap) { Set-ItResult -Skipped -Because $NoNmap; return }
        $Ranked.Count | Should -Be 1000
        $xml = Join-Path $TestDrive 'top.xml'
        & nmap -sT -Pn -n --top-ports 1000 -oX $xml 127.0.0.254 *> $null
        $services = ([xml](Get-Content -Raw $xml)).nmaprun.scaninfo.services
        $nmapPorts = foreach ($part in $services -split ',') { if ($part -match '^(\d+)-(\d+)$') { [int]$Matches[1]..[int]$Matches[2] } else { [int]$part } }
        ($Ranked | Sort-Object) | Should -Be ($nmapPorts | Sort-Object)
        $Ranked[0..2] | Should -Be 80, 23, 443
    }

    It 'the Lab''s APIs listen only on their unusual ports (ground truth: curl and nmap)' {
        $Ranked[0..99] | Should -Not -Contain ([int]$Http.expect.Port[0])
        $Ranked | Should -Contain ([int]$Http.expect.Port[0])
        (curl -s "http://$($Http.expect.Port[0] | ForEach-Object { "127.78.0.10:$_" })/openapi.json" | ConvertFrom-Json).openapi | Should -Be '3.1.0'
        $code = curl -s -o /dev/null -w '%{http_code}' --cacert $Lab.rootCertificate --resolve "$($Tls.host):$($Tls.expect.Port[0]):127.78.0.11" "https://$($Tls.host):$($Tls.expect.Port[0])/api/v1"
        $code | Should -Be '401'
        if ($NoNmap) { return }
        Get-LabOpenPort 127.78.0.10 '1-65535' | Should -Be ([int]$Http.expect.Port[0])
        Get-LabOpenPort 127.78.0.11 '1-65535' | Should -Be ([int]$Tls.expect.Port[0])
    }

    It 'Top1000 finds the API on an unusual port over HTTP, and over TLS, with no error' {
        $r = Get-ApiInventory -Url $Http.host, $Tls.host -Port Top1000 @LabParams -ErrorVariable e
        $e | Should -BeNullOrEmpty
        # Each host: the described API, and nothing on any other port (the JSON origin itself is listed as Rest).
        $plain = @($r | Where-Object HostName -EQ $Http.host)
        $plain.Port | Sort-Object -Unique | Should -Be ([int]$Http.expect.Port[0])
        $api = @($plain | Where-Object Kind -EQ 'OpenApi')
        $api.Count | Should -Be 1
        $api[0].Url | Should -Be "http://$($Http.host):$($Http.expect.Port[0])/api/v1"
        $api[0].Operations.Count | Should -Be 2
        $secure = @($r | Where-Object HostName -EQ $Tls.host)
        $secure.Port | Sort-Object -Unique | Should -Be ([int]$Tls.expect.Port[0])
        ($secure | Where-Object Kind -EQ 'OpenApi').Url | Should -Be "https://$($Tls.host):$($Tls.expect.Port[0])/api/v1"
    }

    It 'Top100 and the default ports do not reach it (the port is outside both), and say nothing' {
        $r = Get-ApiInventory -Url $Http.host -Port Top100 @LabParams -ErrorVariable e
        $r | Should -BeNullOrEmpty
        $e | Should -BeNullOrEmpty
    }

    It 'a range finds it too; an open port that speaks SSH is recognised, not inventoried, and no error' {
        $p = [int]$Http.expect.Port[0]
        $r = Get-ApiInventory -Url $Http.host -Port "$($p - 20)-$($p + 20)" @LabParams
        $r.Port | Sort-Object -Unique | Should -Be $p
        $r.Kind | Should -Contain 'OpenApi'
        $out = Get-ApiInventory -Url $Ssh.host -Port Top1000 @LabParams -Verbose -ErrorVariable e 4>&1
        $e | Should -BeNullOrEmpty
        $out | Where-Object { $_ -is [ApiThreat.ApiEndpoint] } | Should -BeNullOrEmpty
        $verbose = ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message
        $verbose | Should -Contain "$($Ssh.host):$($Ssh.expect.Port[0]): Other ('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3')"
        ($verbose | Where-Object { $_ -like "$($Ssh.host) (127.78.0.12): 1,000 port(s) in * 1 open ($($Ssh.expect.Port[0])), 999 closed, 0 filtered" }) | Should -Not -BeNullOrEmpty
    }

    It 'finds the same open ports as nmap -sT on the same addresses' {
        if ($NoNmap) { Set-ItResult -Skipped -Because $NoNmap; return }
        $addresses = @{ 'ports-http-api' = '127.78.0.10'; 'ports-tls-api' = '127.78.0.11'; 'ports-ssh' = '127.78.0.12' }   # PortScenarios.cs
        foreach ($s in $Http, $Tls, $Ssh) {
            $out = Get-ApiInventory -Url $s.host -Port Top1000 @LabParams -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $line = $out.Message | Where-Object { $_ -match '^\S+ \([\d.]+\): [\d,]+ port\(s\) in .* open \((?<open>[^)]*)\)' } | Select-Object -First 1
            $null = $line -match 'open \((?<open>[^)]*)\)'
            $ours = @($Matches.open -split ', ' | Where-Object { $_ } | ForEach-Object { [int]$_ })
            $ours | Should -Be @(Get-OpenPort $addresses[$s.name] ($Ranked -join ',')) -Because $s.name
        }
    }

    It 'refuses a -Port it cannot read, naming it' {
        $null = Get-ApiInventory -Url $Http.host -Port Top5000 @LabParams -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPort,*'
        $e[0].Exception.Message | Should -Match 'Top5000.*Top1000'
        $null = Get-ApiInventory -Url $Http.host -Port '90-80' @LabParams -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -Match "'90-80' is not a range"
        $null = Get-ApiInventory -Url $Http.host -Port 'https' @LabParams -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPort,*'
    }
}
