BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $https = $Lab.httpsPort
    $inventoryScenarios = $Lab.scenarios | Where-Object { $_.area -eq 'Inventory' -and $_.host -notlike '`**' -and $_.name -notlike 'inv-domain-*' }
    function Set-DriftState([int]$State) {
        $null = Invoke-HttpProbe -Url "http://$(Get-LabHost inv-drift):$($Lab.httpPort)/__lab/state?set=$State" @LabParams
    }
    function Get-Expect($Scenario, [string]$Key) { if ($Scenario.expect.PSObject.Properties[$Key]) { @($Scenario.expect.$Key) } else { $null } }
    function Get-PathOf([string]$Url) { ([uri]$Url).AbsolutePath }
}

Describe 'Get-ApiInventory' {
    It 'finds exactly the expected APIs on every Inventory host (kinds, paths, authentication, operations, findings)' {
        Set-DriftState 1
        $all = $inventoryScenarios.host | Get-ApiInventory -Port $https @LabParams -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -BeNullOrEmpty
        $all | Should -BeOfType ([ApiThreat.ApiEndpoint])
        foreach ($s in $inventoryScenarios) {
            $mine = @($all | Where-Object HostName -EQ $s.host)
            $endpoints = @($mine | ForEach-Object { "$($_.Kind) $(Get-PathOf $_.Url)" } | Sort-Object)
            $endpoints | Should -Be @((Get-Expect $s 'Endpoints') | Sort-Object) -Because $s.name
            if ($auth = Get-Expect $s 'Auth') {
                @($mine | ForEach-Object { "$(Get-PathOf $_.Url)=$($_.Authentication -join ',')" } | Sort-Object) | Should -Be @($auth | Sort-Object) -Because "$($s.name) authentication"
            }
            if ($keys = Get-Expect $s 'ApiKey') {
                @($mine | ForEach-Object { "$(Get-PathOf $_.Url)=$($_.ApiKeyIn):$($_.ApiKeyName)" } | Sort-Object) | Should -Be @($keys | Sort-Object) -Because "$($s.name) API key"
            }
            if ($ops = Get-Expect $s 'Operations') {
                @($mine | ForEach-Object { "$(Get-PathOf $_.Url)=$($_.Operations.Count)" } | Sort-Object) | Should -Be @($ops | Sort-Object) -Because "$($s.name) operations"
            }
            if ($sources = Get-Expect $s 'Source') {
                @($mine | ForEach-Object { "$(Get-PathOf $_.Url)=$($_.Source)" } | Sort-Object) | Should -Be @($sources | Sort-Object) -Because "$($s.name) source"
            }
            $expectedFindings = if ($s.expect.PSObject.Properties['Findings']) { @($s.expect.Findings) } else { @($s.expectedFindings) }
            @($mine.Findings.RuleId | Sort-Object -Unique) | Should -Be @($expectedFindings | Sort-Object) -Because "$($s.name) findings"
        }
    }

    It 'reports nothing for plain websites' {
        $r = Get-ApiInventory -Url (Get-LabHost plain), (Get-LabHost titled), (Get-LabHost inv-website) -Port $https @LabParams
        $r | Should -BeNullOrEmpty
    }

    It 'finds a Postman collection only at -Depth Deep' {
        Get-ApiInventory -Url (Get-LabHost inv-postman) -Port $https -Depth Standard @LabParams | Should -BeNullOrEmpty
        $deep = Get-ApiInventory -Url (Get-LabHost inv-postman) -Port $https -Depth Deep @LabParams
        $deep.Kind | Should -Be 'Postman'
        $deep.Operations.Count | Should -Be 3
    }

    It 'binds HostName by property name (DiscoveredHost, custom objects) and takes URLs with a path' {
        $r = [ApiThreat.DiscoveredHost]@{ HostName = (Get-LabHost inv-graphql-open) } | Get-ApiInventory -Port $https @LabParams
        $r.Kind | Should -Be 'GraphQL'
        $u = Get-ApiInventory -Url "https://$(Get-LabHost inv-openapi31):$https/api/v1" @LabParams
        $u.Kind | Should -Be 'OpenApi'
        $u.Port | Should -Be $https
    }

    It 'stays within -Scope: hosts outside it are refused, never contacted' {
        $null = Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/reset" -Headers @{ Host = "lab-control.$($Lab.zone)" }
        $r = Get-ApiInventory -Url (Get-LabHost inv-bearer-api) -Port $https @LabParams -Scope "other.$($Lab.zone)" -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutOfScope,*'
        (Get-LabRequestLog) -like "*$(Get-LabHost inv-bearer-api)*" | Should -BeNullOrEmpty
    }

    It 'keeps going past bad targets, with one error per target' {
        $targets = @((Get-LabHost inv-bearer-api), "no-such-host.$($Lab.zone)", 'bad host name')
        $r = $targets | Get-ApiInventory -Port $https @LabParams -ErrorVariable errs -ErrorAction SilentlyContinue
        $r.HostName | Should -Be (Get-LabHost inv-bearer-api)
        $errs.Count | Should -Be 2
        ($errs | Where-Object TargetObject -EQ "no-such-host.$($Lab.zone)").FullyQualifiedErrorId | Should -BeLike 'HostNotFound,*'
        ($errs | Where-Object TargetObject -EQ 'bad host name').CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a closed explicit port as an error naming host:port' {
        $r = Get-ApiInventory -Url (Get-LabHost inv-bearer-api) -Port 1 @LabParams -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].TargetObject | Should -BeLike '*:1'
        $e[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
    }

    It 'inventories a domain through its usual API host labels' {
        $domain = "invdomain.$($Lab.zone)"
        $r = Get-ApiInventory -Domain $domain -Port $https @LabParams
        $r.HostName | Should -Be "api.$domain"
        $r.Kind | Should -Be 'Rest'
    }

    It 'finds an API named only in a source map, and not with the crawl turned off (-CrawlPageLimit 0)' {
        $r = Get-ApiInventory -Url (Get-LabHost inv-spa-sourcemap) -Port $https @LabParams
        $r.Source | Should -Be 'SourceMap'
        $r.FoundAt | Should -BeLike '*main.3f9a1c.js.map (src/api/invoices.ts)'
        @($r.Operations | ForEach-Object { "$($_.Method) $($_.Path)" }) | Should -Be @('GET /api/v2/invoices', 'GET /api/v2/invoices/{id}')
        Get-ApiInventory -Url (Get-LabHost inv-spa-sourcemap) -Port $https -CrawlPageLimit 0 @LabParams | Should -BeNullOrEmpty
    }

    It 'keeps the crawl of a 10,000-page site with a 20 MB bundle within its budget' {
        Reset-LabLog
        $site = Get-LabHost crawl-big-site
        Get-ApiInventory -Url $site -Port $https -CrawlPageLimit 30 -CrawlByteLimit 4MB @LabParams | Should -BeNullOrEmpty
        $pages = @((Get-LabRequestLog) -like "*$site*" | Where-Object { ([uri]$_).AbsolutePath -like '/p/*' -or ([uri]$_).AbsolutePath -eq '/static/bundle.js' })
        $pages.Count | Should -BeLessOrEqual 30
        $pages.Count | Should -BeGreaterThan 5
        (Get-LabRequestLog) -like '*/api/late*' | Should -BeNullOrEmpty -Because 'the call at the end of the bundle lies past the byte budget'
    }

    It 'sends only the passive requests at -Depth Passive' {
        $null = Invoke-RestMethod -Uri "http://127.0.0.1:$($Lab.httpPort)/reset" -Headers @{ Host = "lab-control.$($Lab.zone)" }
        $r = Get-ApiInventory -Url (Get-LabHost inv-oidc) -Port $https -Depth Passive @LabParams
        $r.Kind | Should -Be 'OpenIdConnect'
        $r.SecurityTxtUrl | Should -BeLike '*/.well-known/security.txt'
        $paths = (Get-LabRequestLog) -like "*$(Get-LabHost inv-oidc)*" | ForEach-Object { ([uri]$_).AbsolutePath } | Sort-Object
        $paths | Should -Be @('/', '/.well-known/openid-configuration', '/.well-known/security.txt', '/robots.txt')
    }
}
