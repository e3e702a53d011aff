# Pester helpers of the wing of APIs that describe nothing (dot-source after common.ps1, RealSoftware.ps1 and
# Discovery.ps1): Python web frameworks from Debian 12 (Flask-RESTful, Tornado, Bottle, CherryPy, Pyramid, Pecan) and
# Slim 3 on PHP's built-in server, each running its own tutorial's app (tests/Real/apps/realfw8-py-<name>, citing it).
# A case is a Discovery.ps1 framework hashtable plus: Resources (the tutorial's collections, "GET /path", the recall
# denominator), Operations (exactly the operations reported at -Depth Standard), Recognised (a frameworks.json name or
# $null), NotFound (a pattern of its own not-found body) and, where it negotiates, NotFoundJson (its answer to JSON).

$script:PyRecall = [System.Collections.Generic.List[object]]::new()

function Get-PyOperationLine($Endpoints) {
    # "METHOD /full/path" of every reported operation, {placeholders} normalised as the tests state them.
    @(Get-FoundOperation $Endpoints | Sort-Object -Unique)
}

function Invoke-PyInventory([string]$Base, [string]$Depth) {
    # The endpoints and the requests Get-ApiInventory made (its own Verbose log: one line per request, the host summary),
    # split into the wordlist's share: the JSON not-found baseline and the wordlist's paths.
    $words = @((Get-Content -Raw (Join-Path $RepoRoot 'module/data/discovery/api-resources.json') | ConvertFrom-Json).paths)
    $verbose = [System.Collections.Generic.List[string]]::new()
    $endpoints = @(Get-ApiInventory -Url $Base -Depth $Depth -AllowPrivateAddress -Verbose -ErrorAction SilentlyContinue 4>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose.Add($_.Message) } else { $_ } })
    $asked = @($verbose | Where-Object { $_ -match '^(GET|POST|HEAD|OPTIONS|PUT) http://' } | ForEach-Object { ([uri]($_ -split ' ', 2)[1]).AbsolutePath })
    $total = @($verbose | Where-Object { $_ -match ', (\d+) request\(s\)$' } | ForEach-Object { [int]$Matches[1] }) | Select-Object -First 1
    [pscustomobject]@{
        Endpoints = $endpoints
        Requests  = $total
        Wordlist  = @($asked | Where-Object { $_ -in $words } | Sort-Object -Unique).Count
        Verbose   = $verbose
    }
}

function Write-PyRecall {
    if ($PyRecall.Count -eq 0) { return }
    $found = ($PyRecall | Measure-Object Found -Sum).Sum; $total = ($PyRecall | Measure-Object Total -Sum).Sum
    Write-Host ("Recall on APIs that describe nothing (-Depth Standard): " + (($PyRecall | ForEach-Object { "$($_.Name): $($_.Found)/$($_.Total)" }) -join ', ') + "; overall $found/$total")
    Write-Host ("Requests per host (Standard / Deep, of which the wordlist's): " + (($PyRecall | ForEach-Object { "$($_.Name) $($_.Standard)/$($_.Deep) ($($_.WordStandard)/$($_.WordDeep))" }) -join ', '))
}
