# Spec lint throughput: 500 generated specifications of realistic size (5-15 resources, 25-75 operations, shared
# component schemas, parameters, security schemes, servers), one third read through the YAML reader, linted by
# Test-ApiSpecification in one call. Reports specs/s, operations/s, findings, and the peak working set.
param($ModulePath, $Lab)
$count = 500
$dir = Join-Path ([IO.Path]::GetTempPath()) "atr-speclint-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$null = New-Item -ItemType Directory -Path $dir
try {
    $rng = [Random]::new(20261129)
    $words = 'order', 'invoice', 'customer', 'product', 'shipment', 'payment', 'account', 'ticket', 'report', 'device', 'policy', 'claim', 'user', 'team', 'project', 'asset', 'contract', 'quote', 'vendor', 'webhook'
    $totalOps = 0
    $totalBytes = 0
    for ($n = 0; $n -lt $count; $n++) {
        $resources = $words | Sort-Object { $rng.Next() } | Select-Object -First ($rng.Next(5, 16))
        $schemas = [ordered]@{
            Error = [ordered]@{ type = 'object'; properties = [ordered]@{ code = @{ type = 'string' }; message = @{ type = 'string'; maxLength = 500 } } }
        }
        $paths = [ordered]@{}
        foreach ($r in $resources) {
            $name = (Get-Culture).TextInfo.ToTitleCase($r)
            $props = [ordered]@{}
            $props['id'] = if ($rng.Next(2)) { @{ type = 'string'; format = 'uuid' } } else { @{ type = 'integer'; format = 'int64' } }
            for ($p = 0; $p -lt $rng.Next(6, 18); $p++) {
                $props["field$p"] = switch ($rng.Next(6)) {
                    0 { @{ type = 'string' } }
                    1 { @{ type = 'string'; maxLength = 200; pattern = '^[\w ]+$' } }
                    2 { @{ type = 'integer'; format = 'int32'; minimum = 0; maximum = 1000 } }
                    3 { @{ type = 'array'; items = @{ type = 'string'; maxLength = 50 } } }
                    4 { @{ type = 'string'; format = 'date-time' } }
                    5 { [ordered]@{ type = 'object'; properties = [ordered]@{ street = @{ type = 'string' }; city = @{ type = 'string'; maxLength = 80 }; callbackUrl = @{ type = 'string'; format = 'uri' } } } }
                }
            }
            $schemas[$name] = [ordered]@{ type = 'object'; properties = $props }
            $schemas["New$name"] = [ordered]@{ type = 'object'; additionalProperties = [bool]$rng.Next(2); properties = $props }
            $ref = @{ '$ref' = "#/components/schemas/$name" }
            $errors = [ordered]@{ '400' = @{ description = 'bad'; content = @{ 'application/json' = @{ schema = @{ '$ref' = '#/components/schemas/Error' } } } } }
            if ($rng.Next(2)) { $errors['401'] = @{ description = 'unauthorized' } }
            if ($rng.Next(3) -eq 0) { $errors['429'] = @{ description = 'slow down'; headers = @{ 'Retry-After' = @{ schema = @{ type = 'integer' } } } } }
            $ok = [ordered]@{ description = 'ok'; content = @{ 'application/json' = @{ schema = $ref } } }
            $list = [ordered]@{ '200' = [ordered]@{ description = 'ok'; content = @{ 'application/json' = @{ schema = @{ type = 'array'; items = $ref } } } } } + $errors
            $paths["/v1/${r}s"] = [ordered]@{
                get  = [ordered]@{ operationId = "list$name"; summary = "List ${r}s"; parameters = @(@{ name = 'limit'; in = 'query'; schema = @{ type = 'integer' } }, @{ name = 'cursor'; in = 'query'; schema = @{ type = 'string' } }); responses = $list }
                post = [ordered]@{ operationId = "create$name"; requestBody = @{ content = @{ 'application/json' = @{ schema = @{ '$ref' = "#/components/schemas/New$name" } } } }; responses = ([ordered]@{ '201' = $ok } + $errors) }
            }
            $idParam = @{ name = "${r}Id"; in = 'path'; required = $true; schema = $props['id'] }
            $item = [ordered]@{
                parameters = @($idParam)
                get        = [ordered]@{ operationId = "get$name"; responses = ([ordered]@{ '200' = $ok } + $errors) }
                put        = [ordered]@{ operationId = "update$name"; requestBody = @{ content = @{ 'application/json' = @{ schema = @{ '$ref' = "#/components/schemas/New$name" } } } }; responses = ([ordered]@{ '200' = $ok } + $errors) }
                delete     = [ordered]@{ operationId = "delete$name"; responses = [ordered]@{ '204' = @{ description = 'gone' } } }
            }
            if ($rng.Next(4) -eq 0) { $item.delete['security'] = @() }
            $paths["/v1/${r}s/{${r}Id}"] = $item
            if ($rng.Next(5) -eq 0) { $paths["/admin/${r}s/export"] = [ordered]@{ get = [ordered]@{ operationId = "export$name"; parameters = @(@{ name = 'callback_url'; in = 'query'; schema = @{ type = 'string' } }); responses = $list } } }
            $totalOps += 5
        }
        $schemes = [ordered]@{ bearer = @{ type = 'http'; scheme = 'bearer'; bearerFormat = 'JWT' } }
        if ($rng.Next(4) -eq 0) { $schemes['key'] = @{ type = 'apiKey'; in = 'query'; name = 'api_key' } }
        $servers = @(@{ url = "https://api$n.contoso.example.com"; description = 'Production' })
        if ($rng.Next(3) -eq 0) { $servers += @{ url = "http://staging-api$n.contoso.example.com" } }
        $doc = [ordered]@{
            openapi    = '3.0.3'
            info       = @{ title = "Generated API $n"; version = "1.$n.0" }
            servers    = $servers
            security   = @(@{ bearer = @() })
            paths      = $paths
            components = [ordered]@{ securitySchemes = $schemes; schemas = $schemas }
        }
        $json = $doc | ConvertTo-Json -Depth 30 -Compress
        # Every third document goes through the YAML reader (a comment line first; JSON flow style is YAML).
        if ($n % 3 -eq 0) { $file = Join-Path $dir "spec$n.yaml"; $text = "# generated`n" + $json } else { $file = Join-Path $dir "spec$n.json"; $text = $json }
        [IO.File]::WriteAllText($file, $text)
        $totalBytes += $text.Length
    }

    [GC]::Collect()
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $allocated = [GC]::GetTotalAllocatedBytes($true)
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $findings = 0
    Get-ChildItem $dir | Test-ApiSpecification -ThrottleLimit 2 -ErrorVariable errs -ErrorAction SilentlyContinue | ForEach-Object { $findings++ }
    $sw.Stop()
    $allocated = [GC]::GetTotalAllocatedBytes($true) - $allocated
    [GC]::Collect()
    $process.Refresh()
    if ($errs.Count -gt 0) { throw "Lint errors: $($errs[0])" }
    $seconds = $sw.Elapsed.TotalSeconds
    [pscustomobject]@{ Benchmark = 'SpecLint'; Metric = 'specs/s'; Value = [math]::Round($count / $seconds, 1); Unit = 'specs/s'; Target = "$count specs, avg $([math]::Round($totalBytes / $count / 1KB)) KB, $([math]::Round($totalOps / $count)) operations" }
    [pscustomobject]@{ Benchmark = 'SpecLint'; Metric = 'operations/s'; Value = [math]::Round($totalOps / $seconds); Unit = 'operations/s'; Target = '' }
    [pscustomobject]@{ Benchmark = 'SpecLint'; Metric = 'findings'; Value = $findings; Unit = 'findings'; Target = "$([math]::Round($findings / $count)) per spec" }
    [pscustomobject]@{ Benchmark = 'SpecLint'; Metric = 'elapsed'; Value = [math]::Round($seconds, 2); Unit = 's'; Target = '' }
    [pscustomobject]@{ Benchmark = 'SpecLint'; Metric = 'allocated while linting'; Value = [math]::Round($allocated / 1MB); Unit = 'MB'; Target = "$([math]::Round($allocated / $count / 1MB, 1)) MB per spec (engine + pipeline)" }
    [pscustomobject]@{ Benchmark = 'SpecLint'; Metric = 'working set after'; Value = [math]::Round($process.WorkingSet64 / 1MB); Unit = 'MB'; Target = '' }
    [pscustomobject]@{ Benchmark = 'SpecLint'; Metric = 'peak working set'; Value = [math]::Round($process.PeakWorkingSet64 / 1MB); Unit = 'MB'; Target = 'whole process, generation included' }
}
finally {
    Remove-Item -Recurse -Force $dir -ErrorAction SilentlyContinue
}
