# Pester helpers of Get-ApiInventory's recall tests on real frameworks (dot-source after common.ps1 and RealSoftware.ps1).
# A framework is a hashtable: Name, App (tests/Real/apps/<App>), Start (command with {port}), what it needs (Python
# modules, Perl modules, Ruby libraries, Npm packages, Dotnet: a csproj built once with 'dotnet build'), and its ground truth: Specs/DocPages/GraphQl
# (any one of the paths counts: a framework serves the same description at several; SpecPattern when the description is
# not OpenAPI, e.g. OData's CSDL), Operations ("METHOD path" with
# {placeholders}, or "QUERY name"), Body (the JSON sent by the ground-truth writes) and Endpoints (exactly what is
# reported: "Kind /path"). Frameworks may also name a Command they need, an Environment and a Ready path to wait for.

$script:FrameworkServers = @{}
$script:FrameworkBuilds = @{}
$script:Recall = [System.Collections.Generic.List[object]]::new()

function Build-FrameworkApp($F) {
    # A .NET app is built once per test run (restored from the project's NuGet source); $null or why it cannot be.
    if ($FrameworkBuilds.ContainsKey($F.App)) { return $FrameworkBuilds[$F.App] }
    $dir = Join-Path $RepoRoot "tests/Real/apps/$($F.App)"
    $output = & dotnet build $dir -c Release --nologo -v quiet 2>&1
    $FrameworkBuilds[$F.App] = if ($LASTEXITCODE -ne 0) { "the .NET app $($F.App) does not build here (its NuGet packages cannot be had?): $(($output | Select-Object -Last 5) -join ' ')" }
}

function Start-Framework($F) {
    # Starts the framework's app on a free port (once), or returns the reason it cannot run here.
    if ($FrameworkServers.ContainsKey($F.Name)) { return $FrameworkServers[$F.Name] }
    $reason = Get-RealSkipReason -PythonModule @($F.Python | Where-Object { $_ }) -PerlModule @($F.Perl | Where-Object { $_ }) -RubyLibrary @($F.Ruby | Where-Object { $_ }) -App $F.App -NpmPackage @($F.Npm | Where-Object { $_ }) `
        -Command @(if ($F.Npm) { 'node' }; if ($F.Dotnet) { 'dotnet' }; $F.Command | Where-Object { $_ })
    if (-not $reason -and -not (Get-Command curl -ErrorAction Ignore)) { $reason = 'curl is not installed (tests/Real/debian-packages.txt)' }
    if (-not $reason -and $F.Dotnet) { $reason = Build-FrameworkApp $F }
    if ($reason) { return ($FrameworkServers[$F.Name] = [pscustomobject]@{ Skip = $reason }) }
    $port = Get-FreeTcpPort
    $command = @($F.Start | ForEach-Object { $_ -replace '\{port\}', $port })
    $server = Start-RealServer -Name ($F.App) -FilePath $command[0] -ArgumentList @($command | Select-Object -Skip 1) `
        -WorkingDirectory (Join-Path $RepoRoot "tests/Real/apps/$($F.App)") -ReadyPort $port -TimeoutSec 90 -Environment $(if ($F.Environment) { $F.Environment } else { @{} })
    # A port accepts before some frameworks route: wait until the app answers HTTP at all (or, with Ready, until that
    # path answers: NSwag builds its first document slowly on a loaded machine).
    $ready = if ($F.Ready) { $F.Ready } else { '/' }
    $deadline = [DateTime]::UtcNow.AddSeconds(90)
    while ((Invoke-Curl -Url "http://127.0.0.1:$port$ready").StatusCode -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 300 }
    ($FrameworkServers[$F.Name] = [pscustomobject]@{ Skip = $null; Server = $server; Base = "http://127.0.0.1:$port" })
}

function Stop-Framework {
    foreach ($s in $FrameworkServers.Values) { if ($s.Server) { $s.Server | Stop-RealServer } }
    if ($Recall.Count -gt 0) {
        $found = ($Recall | Measure-Object Found -Sum).Sum; $total = ($Recall | Measure-Object Total -Sum).Sum
        Write-Host ("Recall on real frameworks (-Depth Standard): " + (($Recall | ForEach-Object { "$($_.Name) $($_.Found)/$($_.Total)" }) -join ', ') + "; overall $found/$total")
    }
}

function Get-Concrete([string]$Path) { $Path -replace '\{[^}/]+\}', '1' }

function Get-NormalPath([string]$Path) { (($Path -replace '\{[^}/]*\}', '{}') -replace '(?<=/):[A-Za-z_]\w*', '{}').TrimEnd('/') }

function Get-FoundOperation($Endpoints) {
    # "METHOD /full/path" of every operation reported (paths joined to their endpoint's base when relative to it).
    foreach ($e in $Endpoints) {
        $base = ([uri]$e.Url).AbsolutePath.TrimEnd('/')
        foreach ($op in $e.Operations) {
            if ($op.Method -in 'QUERY', 'MUTATION', 'SUBSCRIPTION') { "$($op.Method) $($op.Path)"; continue }
            $full = if ($base -and -not $op.Path.StartsWith("$base/") -and $op.Path -ne $base) { $base + $op.Path } else { $op.Path }
            "$($op.Method) $(Get-NormalPath $full)"
        }
    }
}

function Assert-FrameworkRecall($F, [string]$Base) {
    # Ground truth, as curl sees it.
    foreach ($p in @($F.Specs | Where-Object { $_ })) {
        $r = Invoke-Curl -Url "$Base$p"
        $r.StatusCode | Should -Be 200 -Because "the framework serves its description at $p"
        $pattern = if ($F.SpecPattern) { $F.SpecPattern } else { '"?(openapi|swagger|swaggerDoc)"?\s*:' }
        $r.Body | Should -Match $pattern -Because "$p is the framework's API description"
    }
    foreach ($p in @($F.DocPages | Where-Object { $_ })) {
        (Invoke-Curl -Url "$Base$p").StatusCode | Should -BeIn @(200, 301, 302, 308) -Because "the framework serves its documentation page at $p"
    }
    foreach ($p in @($F.GraphQl | Where-Object { $_ })) {
        (Invoke-Curl -Url "$Base$p" -Method POST -Header 'Content-Type: application/json' -Body '{"query":"{__typename}"}').Body | Should -Match '"__typename"'
    }
    if ($F.ApiRoot) { (Invoke-Curl -Url "$Base$($F.ApiRoot)" -Header 'Accept: application/json').Body | Should -Match 'http://127\.0\.0\.1:\d+/\w+/' }
    $body = if ($F.Body) { $F.Body } else { '{"name":"x","text":"x","price":1}' }
    foreach ($op in $F.Operations) {
        $method, $path = $op -split ' ', 2
        if ($method -in 'QUERY', 'MUTATION') {
            (Invoke-Curl -Url "$Base$($F.GraphQl[0])" -Method POST -Header 'Content-Type: application/json' -Body '{"query":"{__schema{queryType{fields{name}} mutationType{fields{name}}}}"}').Body |
                Should -Match "`"$path`"" -Because "$op is in the GraphQL schema"
            continue
        }
        $r = if ($method -eq 'GET') { Invoke-Curl -Url "$Base$(Get-Concrete $path)" } else {
            Invoke-Curl -Url "$Base$(Get-Concrete $path)" -Method $method -Header 'Content-Type: application/json' -Body $body }
        $r.StatusCode | Should -BeIn @(200, 201, 204, 422) -Because "$op answers (ground truth)"
    }

    $endpoints = @(Get-ApiInventory -Url $Base -Depth Standard -AllowPrivateAddress -ErrorAction SilentlyContinue)
    $specs = @($F.Specs | Where-Object { $_ }); $docs = @($F.DocPages | Where-Object { $_ }); $gql = @($F.GraphQl | Where-Object { $_ })
    $expected = [int]($specs.Count -gt 0) + [int]($docs.Count -gt 0) + [int]($gql.Count -gt 0) + @($F.Operations).Count
    $found = 0
    $missed = [System.Collections.Generic.List[string]]::new()
    if ($specs.Count) {
        if (@($endpoints | Where-Object { $_.SpecUrl -and ([uri]$_.SpecUrl).AbsolutePath -in $specs }).Count) { $found++ } else { $missed.Add('spec') }
    }
    if ($docs.Count) {
        if (@($endpoints | Where-Object { $_.DocumentationUrl -and ([uri]$_.DocumentationUrl).AbsolutePath -in $docs }).Count) { $found++ } else { $missed.Add('documentation page') }
    }
    if ($gql.Count) {
        if (@($endpoints | Where-Object { $_.Kind -eq 'GraphQL' -and ([uri]$_.Url).AbsolutePath -in $gql }).Count) { $found++ } else { $missed.Add('GraphQL endpoint') }
    }
    $reported = @(Get-FoundOperation $endpoints)
    foreach ($op in $F.Operations) {
        $method, $path = $op -split ' ', 2
        $want = if ($method -in 'QUERY', 'MUTATION') { $op } else { "$method $(Get-NormalPath $path)" }
        if ($want -in $reported) { $found++ } else { $missed.Add($op) }
    }
    $Recall.Add([pscustomobject]@{ Name = $F.Name; Found = $found; Total = $expected })
    Write-Host "  $($F.Name): $found/$expected$(if ($missed.Count) { " (missed: $($missed -join ', '))" })"
    ($found / $expected) | Should -BeGreaterOrEqual 0.9 -Because "recall on $($F.Name) (missed: $($missed -join ', '))"
    @($endpoints | ForEach-Object { "$($_.Kind) $(([uri]$_.Url).AbsolutePath)" } | Sort-Object) | Should -Be @($F.Endpoints | Sort-Object)
    foreach ($e in $endpoints) {
        [enum]::IsDefined([ApiThreat.ApiSource], $e.Source) | Should -BeTrue
        if ($e.Source -notin 'WellKnownPath', 'UserInput') { $e.FoundAt | Should -Not -BeNullOrEmpty -Because "$($e.Url) came from a $($e.Source) lead" }
    }
}

function Push-RegistryImage {
    # Pushes a minimal OCI image (a config blob, no layer) to a Docker Registry HTTP API V2 with curl, as a client would:
    # an upload session, the blob PUT with its digest, then the manifest under a tag.
    param([Parameter(Mandatory)][string]$Base, [Parameter(Mandatory)][string]$Repository, [string]$Tag = 'latest')
    $config = '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"config":{}}'
    $digest = 'sha256:' + [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($config))).ToLowerInvariant()
    $session = Invoke-Curl "$Base/v2/$Repository/blobs/uploads/" -Method POST -Body ''
    $session.StatusCode | Should -Be 202 -Because 'the registry opens an upload session'
    $location = [regex]::Match($session.Headers, '(?mi)^Location:\s*(\S+)').Groups[1].Value
    $separator = if ($location.Contains('?')) { '&' } else { '?' }
    (Invoke-Curl "$location${separator}digest=$digest" -Method PUT -Header 'Content-Type: application/octet-stream' -Body $config).StatusCode | Should -Be 201
    $manifest = "{`"schemaVersion`":2,`"mediaType`":`"application/vnd.oci.image.manifest.v1+json`",`"config`":{`"mediaType`":`"application/vnd.oci.image.config.v1+json`",`"digest`":`"$digest`",`"size`":$($config.Length)},`"layers`":[]}"
    (Invoke-Curl "$Base/v2/$Repository/manifests/$Tag" -Method PUT -Header 'Content-Type: application/vnd.oci.image.manifest.v1+json' -Body $manifest).StatusCode | Should -Be 201
}
