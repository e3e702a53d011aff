# Lookalike domains: permutations/s and resolved candidates/s of Find-LookalikeDomain beside dnstwist (Debian), on the
# same domain (the Lab's acmebank.example, whose TLD zone answers NXDOMAIN for unregistered names and holds the planted
# lookalikes) and the same DNS server. dnstwist only takes a plain IPv4 name server on port 53, so a second Lab is
# started with its DNS on 127.0.0.1:53 for both tools (skipped, with the reason, when that port is taken or dnstwist or
# python3-dnspython is missing). $env:APITHREAT_BENCH_SMALL=1 restricts both tools to four fuzzers (a quick run whose
# ratio says little: fixed costs dominate); the full run includes the SERVFAIL lookalike, whose retries cost ours a few seconds.
param($ModulePath, $Lab)
$ErrorActionPreference = 'Stop'
$bench = 'Lookalike'
$domain = 'acmebank.example'
$small = $env:APITHREAT_BENCH_SMALL -eq '1'
$fuzzers = if ($small) { @('omission', 'replacement', 'transposition', 'vowel-swap') } else { $null }
$expected = if ($small) { @('acmebnak.example', 'acmebamk.example', 'acnebank.example') }
            else { @('acmebnak.example', 'acmebamk.example', 'acnebank.example', [Globalization.IdnMapping]::new().GetAscii('acmebạnk.example')) }
function Row($Metric, $Value, $Unit, $Target = '') { [pscustomobject]@{ Benchmark = $bench; Metric = $Metric; Value = $Value; Unit = $Unit; Target = $Target } }
$fuzzerArgs = if ($fuzzers) { @{ Fuzzer = $fuzzers } } else { @{} }
$tlds = Join-Path ([IO.Path]::GetTempPath()) "apithreat-lkbench-$PID.txt"
Set-Content $tlds 'example'
$fuzzerArgs.TldList = $tlds

# Generation alone.
$sw = [Diagnostics.Stopwatch]::StartNew()
$count = @(Find-LookalikeDomain $domain -NoResolve @fuzzerArgs).Count
$ours = $count / $sw.Elapsed.TotalSeconds
Row 'permutations (ours)' $count 'candidates'
Row 'generation (ours)' ([math]::Round($ours)) 'permutations/s'
$haveDnstwist = [bool](Get-Command dnstwist -ErrorAction SilentlyContinue)
if ($haveDnstwist) {
    $dtArgs = @('--format', 'list')
    if ($fuzzers) { $dtArgs += @('--fuzzers', ($fuzzers -join ',')) }
    $sw.Restart()
    $theirs = @(& dnstwist @dtArgs $domain).Count
    Row 'generation (dnstwist, process included)' ([math]::Round($theirs / $sw.Elapsed.TotalSeconds)) 'permutations/s'
}

# Resolution on a Lab whose DNS listens on 127.0.0.1:53 (dnstwist's only form of name server).
$haveDnspython = $false
if ($haveDnstwist) { & /usr/bin/python3 -c 'import dns.resolver' 2>$null; $haveDnspython = $LASTEXITCODE -eq 0 }
$reason = if (-not $haveDnstwist) { 'dnstwist is not installed' }
          elseif (-not $haveDnspython) { 'python3-dnspython is not installed' }
          else {
              $probe = [Net.Sockets.UdpClient]::new()
              try { $probe.Client.Bind([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, 53)); $null } catch { 'UDP 127.0.0.1:53 is taken' } finally { $probe.Dispose() }
          }
if ($reason) { Row 'resolution' "skipped: $reason" ''; return }
$manifest = Join-Path ([IO.Path]::GetTempPath()) "apithreat-lkbench-$PID.json"
$labDll = Join-Path $PSScriptRoot '../../output/lab/ApiThreat.Lab.dll'
$dotnet = (Get-Command dotnet).Source
$lab53 = Start-Process -FilePath $dotnet -ArgumentList @("`"$labDll`"", '-Manifest', "`"$manifest`"", '-DnsPort', '53', '-ParentProcessId', $PID) -PassThru -NoNewWindow -RedirectStandardOutput "$manifest.log"
try {
    $deadline = [DateTime]::UtcNow.AddSeconds(90)
    while (-not (Test-Path $manifest)) { if ($lab53.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The port-53 Lab did not start: $(Get-Content -Raw "$manifest.log" -ErrorAction Ignore)" }; Start-Sleep -Milliseconds 200 }
    # Warm-up (JIT, sockets) on a few names, so the measured pass is the resolution's own cost.
    $null = Find-LookalikeDomain $domain -Resolver 127.0.0.1:53 -Fuzzer omission -Skip Page, Certificate, Rdap -TldList $tlds -WarningAction SilentlyContinue
    $sw.Restart()
    $r = @(Find-LookalikeDomain $domain -Resolver 127.0.0.1:53 -IncludeUnregistered -Skip Page, Certificate, Rdap @fuzzerArgs -WarningAction SilentlyContinue)
    $elapsed = $sw.Elapsed.TotalSeconds
    $registered = @($r | Where-Object Status -EQ Registered | ForEach-Object Domain)
    Row 'resolution (ours)' ([math]::Round($r.Count / $elapsed)) 'candidates/s'
    Row 'misses (ours)' @($expected | Where-Object { $_ -notin $registered }).Count 'names' '0'
    Row 'false registered (ours)' @($registered | Where-Object { $_ -notin $expected }).Count 'names' '0'
    $dtArgs = @('--format', 'json', '--nameservers', '127.0.0.1', '--threads', '32')
    if ($fuzzers) { $dtArgs += @('--fuzzers', ($fuzzers -join ',')) }
    $dtArgs += @('--tld', $tlds)
    $sw.Restart()
    $json = (& dnstwist @dtArgs $domain) -join "`n" | ConvertFrom-Json
    $dtElapsed = $sw.Elapsed.TotalSeconds
    $dtRate = $json.Count / $dtElapsed
    $dtRegistered = @($json | Where-Object { $_.dns_a -or $_.dns_ns -or $_.dns_mx -or $_.dns_aaaa } | Where-Object fuzzer -NE '*original' | ForEach-Object domain)
    Row 'resolution (dnstwist, 32 threads)' ([math]::Round($dtRate)) 'candidates/s'
    Row 'misses (dnstwist)' @($expected | Where-Object { $_ -notin $dtRegistered }).Count 'names'
    # dnstwist records a SERVFAIL as '!ServFail' in its DNS fields and then counts the name as registered.
    Row 'false registered (dnstwist)' @($dtRegistered | Where-Object { $_ -notin $expected }).Count 'names'
    Row 'ratio ours/dnstwist' ([math]::Round(($r.Count / $elapsed) / $dtRate, 1)) 'x' '>= 10'
}
finally {
    if (-not $lab53.HasExited) { $lab53.Kill($true) }
    Remove-Item $manifest, "$manifest.log", $tlds -ErrorAction SilentlyContinue
}
