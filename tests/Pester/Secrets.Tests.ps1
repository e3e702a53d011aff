# Secrets given to ApiThreat (HEC tokens, credentials, authentication headers, keys in service URIs) must never come
# back out: not in any stream (Verbose, Debug, Warning, Error with its exception chain and TargetObject, Information),
# not in output objects, not in files written (exports, failed-event files, the inventory database). Every cmdlet runs
# with -Verbose -Debug (plus -WarningAction Continue: -Debug alone makes warnings prompt), against the Lab and against
# a hostile receiver that echoes the request, secret included.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    . (Join-Path $PSScriptRoot 'ExportSamples.ps1')
    $script:Secret = 'Zq7canary-S3CRET-4e1b9d'
    # The forms a secret can leak in: as given, Base64 (Basic credentials), and URL-encoded (same as given here).
    $script:SecretForms = @($Secret, [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Secret)),
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("user:$Secret")))
    $script:Work = New-TestDirectory 'secrets'

    # Runs a command with every stream merged, and flattens everything it produced (records, their exceptions, inner
    # exceptions, target objects, output objects) to text. A terminating error is caught and flattened too.
    function Invoke-Captured([scriptblock]$Command) {
        $records = [System.Collections.Generic.List[object]]::new()
        try { & $Command *>&1 | ForEach-Object { $records.Add($_) } }
        catch { $records.Add($_) }
        ($records | ForEach-Object { ConvertTo-FlatText $_ }) -join "`n"
    }

    function ConvertTo-FlatText($Item) {
        switch ($Item) {
            { $_ -is [System.Management.Automation.ErrorRecord] } {
                $_ | Out-String
                $_.Exception.ToString()
                for ($e = $_.Exception; $e; $e = $e.InnerException) { $e.Message; ($e.Data.Values | Out-String) }
                $_.ErrorDetails | Out-String
                $_.TargetObject | Out-String
                @($_.TargetObject) -join "`n"
                $_.CategoryInfo | Out-String
                break
            }
            { $_ -is [System.Management.Automation.InformationRecord] } { $_.MessageData | Out-String; break }
            { $_ -is [System.Management.Automation.InformationalRecord] } { $_.Message; break }
            default { $_ | Out-String -Width 4096; $_ | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue }
        }
    }

    function Assert-NoSecret([string]$Text, [string]$Where) {
        $Text | Should -Not -BeNullOrEmpty -Because "$Where produced something to inspect"
        foreach ($form in $SecretForms) {
            # The line that leaked (secret masked) names the culprit in the failure message.
            $leak = ($Text -split "`n" | Where-Object { $_.Contains($form) } | Select-Object -First 3) -join ' // '
            $Text.Contains($form) | Should -BeFalse -Because "the secret must not appear in $Where (found: $($leak.Replace($form, '<SECRET>')))"
        }
    }

    # Every file under a folder, read as bytes (databases are binary; Latin-1 keeps every byte as one char).
    function Get-FolderText([string]$Folder) {
        (Get-ChildItem -LiteralPath $Folder -Recurse -File | ForEach-Object { [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($_.FullName)) }) -join "`n"
    }

    # A hostile HTTP receiver on loopback: answers every request with $Status and echoes the whole request (headers
    # and body, so the secret too) in a response header and in the body.
    function Start-EchoServer([int]$Status, [string]$ContentType = 'application/json') {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($listener, $status, $contentType)
                while ($true) {
                    try { $client = $listener.AcceptTcpClient() } catch { return }
                    try {
                        $client.ReceiveTimeout = 5000
                        $stream = $client.GetStream()
                        $buffer = [byte[]]::new(65536); $count = 0; $headerEnd = -1
                        while ($headerEnd -lt 0 -and $count -lt $buffer.Length) {
                            $n = $stream.Read($buffer, $count, $buffer.Length - $count); if ($n -le 0) { break }
                            $count += $n
                            $headerEnd = [Text.Encoding]::Latin1.GetString($buffer, 0, $count).IndexOf("`r`n`r`n")
                        }
                        $request = [Text.Encoding]::Latin1.GetString($buffer, 0, $count)
                        if ($request -match '(?im)^content-length:\s*(\d+)') {
                            $want = $headerEnd + 4 + [int]$Matches[1]
                            while ($count -lt [Math]::Min($want, $buffer.Length)) {
                                $n = $stream.Read($buffer, $count, $buffer.Length - $count); if ($n -le 0) { break }
                                $count += $n
                            }
                            $request = [Text.Encoding]::Latin1.GetString($buffer, 0, $count)
                        }
                        $auth = if ($request -match '(?im)^authorization:\s*(.+?)\r?$') { $Matches[1] } else { '' }
                        $echo = $request -replace '[\\"]', '' -replace '[\r\n]+', ' | '
                        $body = if ($contentType -like 'text/html*') { "<html><body><p>$echo</p><script src=/app.js></script></body></html>" }
                        else { "{`"text`":`"Invalid token: $echo`",`"code`":4,`"echo`":`"$auth`"}" }
                        $bytes = [Text.Encoding]::UTF8.GetBytes($body)
                        $head = "HTTP/1.1 $status Echo $auth`r`nContent-Type: $contentType`r`nX-Echo: $auth`r`nSet-Cookie: echo=$($auth -replace '\s', '')`r`nContent-Length: $($bytes.Length)`r`nConnection: close`r`n`r`n"
                        $h = [Text.Encoding]::Latin1.GetBytes($head)
                        $stream.Write($h, 0, $h.Length); $stream.Write($bytes, 0, $bytes.Length); $stream.Flush()
                    }
                    catch { }
                    finally { $client.Dispose() }
                }
            }).AddArgument($listener).AddArgument($Status).AddArgument($ContentType)
        $null = $ps.BeginInvoke()
        [pscustomobject]@{ Listener = $listener; PowerShell = $ps; Port = $listener.LocalEndpoint.Port }
    }

    function Stop-EchoServer($Server) {
        $Server.Listener.Stop()
        $Server.PowerShell.Dispose()
    }

    $script:Token = ConvertTo-SecureString $Secret -AsPlainText -Force
    $script:Credential = [pscredential]::new('hec', $Token)
    $script:Rejecting = Start-EchoServer 403
    $script:Accepting = Start-EchoServer 200
    $script:HtmlEcho = Start-EchoServer 200 'text/html; charset=utf-8'
}

AfterAll {
    foreach ($s in $Rejecting, $Accepting, $HtmlEcho) { if ($s) { Stop-EchoServer $s } }
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Secrets never logged' {
    It 'the echo receiver really reflects the secret (the hostile case is live)' {
        $r = Invoke-WebRequest -Uri "http://127.0.0.1:$($Rejecting.Port)/x" -Headers @{ Authorization = "Splunk $Secret" } -SkipHttpErrorCheck
        $r.StatusCode | Should -Be 403
        $r.Content | Should -Match $Secret
    }

    It 'Send-ApiThreatEvent -HecToken: a rejecting HEC that echoes the token' {
        $dir = Join-Path $Work 'hec-token'; $null = New-Item -ItemType Directory $dir
        $failed = Join-Path $dir 'failed.log'
        $text = Invoke-Captured {
            New-SampleScan | Send-ApiThreatEvent -HecUri "http://127.0.0.1:$($Rejecting.Port)" -HecToken $Token -MaxRetries 2 -RetryDelayMilliseconds 10 `
                -FailedEventPath $failed -TimeoutSec 5 -Verbose -Debug -WarningAction Continue -ErrorAction Continue
        }
        $text | Should -Match 'EventDelivery|not delivered|403'
        Assert-NoSecret $text 'the streams of Send-ApiThreatEvent -HecToken (rejected)'
        Test-Path $failed | Should -BeTrue
        Assert-NoSecret (Get-FolderText $dir) 'the failed-event file'
    }

    It 'Send-ApiThreatEvent -Credential: an accepting HEC that echoes the token' {
        $text = Invoke-Captured {
            New-SampleScan | Send-ApiThreatEvent -HecUri "http://127.0.0.1:$($Accepting.Port)" -Credential $Credential -Index main -SourceType apithreat `
                -BatchSize 2 -Verbose -Debug -WarningAction Continue
        }
        $text | Should -Match 'Sent\s*:\s*7|"Sent":\s*7'
        Assert-NoSecret $text 'the streams of Send-ApiThreatEvent -Credential (accepted)'
    }

    It 'Send-ApiThreatEvent -Credential: no receiver at all' {
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        $text = Invoke-Captured {
            New-SampleScan | Send-ApiThreatEvent -HecUri "https://127.0.0.1:$port" -Credential $Credential -MaxRetries 1 -RetryDelayMilliseconds 10 -Verbose -Debug -WarningAction Continue -ErrorAction Continue
        }
        $text | Should -Match 'not delivered'
        Assert-NoSecret $text 'the streams of Send-ApiThreatEvent (unreachable)'
    }

    It 'Test-ApiSecurity -Header: Lab APIs (passive and active), the report, the exports and the inventory database' {
        $dir = Join-Path $Work 'api'; $null = New-Item -ItemType Directory $dir
        $names = 'api-clean', 'api-verbose-errors', 'api-key-in-query', 'api-token-no-store', 'api-xss', 'api-sqli', 'api-plain-http'
        $urls = $names | ForEach-Object { "https://$(Get-LabHost $_):$($Lab.httpsPort)/" }
        $headers = @{ Authorization = "Bearer $Secret"; 'X-Api-Key' = $Secret }
        $findings = [System.Collections.Generic.List[object]]::new()
        $text = Invoke-Captured {
            Test-ApiSecurity -Url $urls -Header $headers @LabParams -Active -BurstSize 5 -Confirm:$false -ThrottleLimit 4 -Verbose -Debug |
                ForEach-Object { $findings.Add($_); $_ }
        }
        $findings.Count | Should -BeGreaterThan 0
        Assert-NoSecret $text 'the streams and findings of Test-ApiSecurity'
        $findings | Export-ApiThreatReport -Path (Join-Path $dir 'report.html') -Format Html
        $findings | Export-ApiThreatReport -Path (Join-Path $dir 'report.md') -Format Markdown
        $findings | ConvertTo-ApiThreatSarif | Set-Content (Join-Path $dir 'report.sarif')
        $findings | Send-ApiThreatEvent -Format JsonLines -Path (Join-Path $dir 'events.jsonl')
        $null = $findings | Save-ApiInventory -Path (Join-Path $dir 'inventory.db') -Label secrets
        Assert-NoSecret (Get-FolderText $dir) 'the reports, events and inventory database'
    }

    It 'Test-ApiSecurity -Header: a hostile API that reflects the request (headers included) in HTML, headers and cookies' {
        $dir = Join-Path $Work 'echo-api'; $null = New-Item -ItemType Directory $dir
        $findings = [System.Collections.Generic.List[object]]::new()
        $text = Invoke-Captured {
            Test-ApiSecurity -Url "http://127.0.0.1:$($HtmlEcho.Port)/api/" -Header @{ Authorization = "Bearer $Secret"; 'X-Api-Key' = $Secret } `
                -AllowPrivateAddress -Active -BurstSize 5 -Confirm:$false -Verbose -Debug | ForEach-Object { $findings.Add($_); $_ }
        }
        $findings.Count | Should -BeGreaterThan 0
        Assert-NoSecret $text 'the streams and findings of Test-ApiSecurity against an echoing API'
        $null = $findings | Save-ApiInventory -Path (Join-Path $dir 'inventory.db')
        $findings | Export-ApiThreatReport -Path (Join-Path $dir 'report.html') -Format Html
        Assert-NoSecret (Get-FolderText $dir) 'the inventory database and report of the echoing API'
    }

    It 'Test-ApiAuthorization -Identity: headers, a cookie, a PSCredential and a login script block against an API that echoes them (-Active)' {
        $dir = Join-Path $Work 'authz'; $null = New-Item -ItemType Directory $dir
        $ids = [ordered]@{
            alice = @{ Authorization = "Bearer $Secret" }
            bob   = [pscredential]::new('bob', $Token)
            carol = { @{ 'X-Api-Key' = $Secret } }
            dave  = @{ Cookie = "session=$Secret" }
        }
        $out = [System.Collections.Generic.List[object]]::new()
        $text = Invoke-Captured {
            Test-ApiAuthorization -Url "http://127.0.0.1:$($Accepting.Port)/" -Identity $ids -AllowPrivateAddress -RateLimit 0 -Active -Confirm:$false `
                -Operation 'GET /api/items', 'GET /api/items/{id}', 'GET /api/me', 'POST /api/items', 'PATCH /api/items/{id}', 'POST /login' -Verbose -Debug |
                ForEach-Object { $out.Add($_); $_ }
        }
        $matrix = $out | Where-Object { $_ -is [ApiThreat.AuthorizationMatrix] }
        $matrix | Should -Not -BeNullOrEmpty
        $matrix.RequestCount | Should -BeGreaterThan 10
        Assert-NoSecret $text 'the streams, findings and matrix of Test-ApiAuthorization'
        Assert-NoSecret ($matrix.ToTable() + ($matrix.Notes -join "`n") + ($matrix | ConvertTo-Json -Depth 8)) 'the authorization matrix'
        $out | Export-ApiThreatReport -Path (Join-Path $dir 'report.html') -Format Html
        $out | Where-Object { $_ -is [ApiThreat.Finding] } | Send-ApiThreatEvent -Format JsonLines -Path (Join-Path $dir 'events.jsonl')
        Assert-NoSecret (Get-FolderText $dir) 'the report and events of Test-ApiAuthorization'
    }

    It 'Find-Subdomain: a CT provider key in the endpoint URI (query and user info)' {
        $dnsParams = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; NameServerPort = $Lab.dnsPort }
        $domain = (Get-LabScenario dns-enum).host
        $ct = "http://apikey:$Secret@$(Get-LabHost crt):$($Lab.httpPort)/?api_key=$Secret"
        $results = [System.Collections.Generic.List[object]]::new()
        $text = Invoke-Captured {
            Find-Subdomain -Domain $domain -Source CertificateTransparency -CertificateTransparencyUri $ct @dnsParams -Verbose -Debug |
                ForEach-Object { $results.Add($_); $_ }
        }
        $results.Count | Should -BeGreaterThan 0 -Because 'the Lab CT service answers with the key in the URI'
        Assert-NoSecret $text 'the streams and results of Find-Subdomain'
        # A CT service that rejects the key and echoes it: the error must not carry it either.
        $text = Invoke-Captured {
            Find-Subdomain -Domain $domain -Source CertificateTransparency -CertificateTransparencyUri "http://127.0.0.1:$($Rejecting.Port)/?key=$Secret" `
                @dnsParams -Verbose -Debug
        }
        $text | Should -Match 'Certificate Transparency'
        Assert-NoSecret $text 'the error of a rejecting CT service'
        # And one that is down: the connection error names the endpoint, without its key.
        $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0); $l.Start(); $port = $l.LocalEndpoint.Port; $l.Stop()
        $text = Invoke-Captured {
            Find-Subdomain -Domain $domain -Source CertificateTransparency -CertificateTransparencyUri "http://u:$Secret@127.0.0.1:$port/?key=$Secret" `
                @dnsParams -Verbose -Debug -WarningAction Continue -ErrorAction Continue
        }
        $text | Should -Match "127\.0\.0\.1:$port"
        Assert-NoSecret $text 'the error of an unreachable CT service'
    }

    It 'Find-Subdomain: passive provider keys (accepted, rejected and echoed, from the environment)' {
        $domain = 'passive.apithreat.test'
        $stubs = @($Lab.scenarios | Where-Object area -EQ 'Passive' | Where-Object { $_.expect.Key[0] -ne 'none' })
        $endpoints = @{}; foreach ($s in $stubs) { $endpoints[$s.expect.Provider[0]] = "https://$($s.host):$($Lab.httpsPort)$($s.expect.Root[0])" }
        $p = @{ Resolver = $Lab.resolver; AllowPrivateAddress = $true; TrustedRootCertificate = $Lab.rootCertificate; ProviderEndpoint = $endpoints }
        $accepted = ConvertTo-SecureString "lab-good-$Secret" -AsPlainText -Force
        $keys = @{}; foreach ($s in $stubs) { $keys[$s.expect.Provider[0]] = $accepted }
        $sources = $stubs | ForEach-Object { $_.expect.Provider[0] } | Where-Object { $_ -notin 'VirusTotal' }   # VirusTotal pages at 4 a minute
        $results = [System.Collections.Generic.List[object]]::new()
        $text = Invoke-Captured { Find-Subdomain -Domain $domain -Source $sources -ApiKey $keys @p -Verbose -Debug -WarningAction Continue | ForEach-Object { $results.Add($_); $_ } }
        $results.Count | Should -BeGreaterThan 5
        Assert-NoSecret $text 'the streams and results of Find-Subdomain with provider keys'
        # Every stub rejects this key with a 401 whose body quotes it.
        $keys = @{}; foreach ($s in $stubs) { $keys[$s.expect.Provider[0]] = $Token }
        $text = Invoke-Captured { Find-Subdomain -Domain $domain -Source $sources -ApiKey $keys @p -Verbose -Debug -WarningAction Continue -ErrorAction Continue }
        $text | Should -Match 'rejected the API key'
        Assert-NoSecret $text 'the errors of providers that reject and echo the key'
        $env:SHODAN_API_KEY = $Secret
        try { $text = Invoke-Captured { Find-Subdomain -Domain $domain -Source Shodan @p -Verbose -Debug -WarningAction Continue -ErrorAction Continue } }
        finally { Remove-Item Env:SHODAN_API_KEY }
        $text | Should -Match 'SHODAN_API_KEY'
        Assert-NoSecret $text 'the errors of Shodan, which takes its key in the query string'
    }

    It 'Invoke-HttpProbe -Proxy with credentials in the proxy URI' {
        $text = Invoke-Captured {
            Invoke-HttpProbe -Url "http://$(Get-LabHost api-clean):$($Lab.httpPort)/" -Proxy "http://proxyuser:$Secret@127.0.0.1:$($Rejecting.Port)" `
                @LabParams -Verbose -Debug
        }
        Assert-NoSecret $text 'the streams of Invoke-HttpProbe through a proxy with credentials'
    }
    It 'Find-ExposedSecret: the secrets it finds on the planted Lab site appear in no stream, object, report, SARIF, event or inventory database' {
        $planted = Get-LabScenario secrets-planted
        $values = @($planted.expect.SecretValues)
        $values.Count | Should -BeGreaterOrEqual 40
        $dir = Join-Path $Work 'exposed-secret'; $null = New-Item -ItemType Directory $dir
        $found = [System.Collections.Generic.List[object]]::new()
        $text = Invoke-Captured {
            Find-ExposedSecret -Url "http://$($planted.host):$($Lab.httpPort)/" @LabParams -Verbose -Debug -WarningAction Continue | ForEach-Object { $found.Add($_); $_ }
        }
        $found.Count | Should -Be @($planted.expect.Secrets).Count
        $found | Export-ApiThreatReport -Path (Join-Path $dir 'report.html') -Format Html
        $found | Export-ApiThreatReport -Path (Join-Path $dir 'report.md') -Format Markdown
        $found.Findings | ConvertTo-ApiThreatSarif | Set-Content (Join-Path $dir 'report.sarif')
        $found.Findings | Send-ApiThreatEvent -Format JsonLines -Path (Join-Path $dir 'events.jsonl')
        $null = $found | Save-ApiInventory -Path (Join-Path $dir 'inventory.db') -Label secrets
        $files = Get-FolderText $dir
        foreach ($v in $values) {
            $text.Contains($v) | Should -BeFalse -Because 'no planted secret may appear in the streams or objects of Find-ExposedSecret'
            $files.Contains($v) | Should -BeFalse -Because 'no planted secret may appear in the report, SARIF, events or inventory database'
        }
    }
}
