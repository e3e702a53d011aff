# Generates ApiThreat.dll-Help.xml (MAML) from module/en-US/<Verb-Noun>.md prose and the built cmdlets'
# metadata, so help never drifts from the code: syntax, parameter types and sets, pipeline binding, INPUTS (the
# parameters that take pipeline input), OUTPUTS ([OutputType]), each parameter's default (read from a fresh instance
# of the cmdlet class, or a [PSDefaultValue] attribute), and RELATED LINKS (the page online, the cmdlets and about_
# topics the page names).
# Markdown shape per cmdlet: "## SYNOPSIS", "## DESCRIPTION", "## PARAMETERS" with "### -Name" blocks,
# "## EXAMPLES" with "### Example N: title", a ```powershell fence, then remarks; optional "## NOTES". Shared
# parameter prose lives in _CommonParameters.md.
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [Parameter(Mandatory)][string]$MarkdownPath,
    [Parameter(Mandatory)][string]$OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Read-HelpMarkdown([string]$Path) {
    $doc = @{ Synopsis = ''; Description = ''; Parameters = @{}; Examples = [System.Collections.Generic.List[object]]::new(); Notes = ''; Text = '' }
    if (-not (Test-Path $Path)) { return $doc }
    $section = $null; $sub = $null; $buffer = [System.Text.StringBuilder]::new()
    $flush = {
        $text = $buffer.ToString().Trim()
        [void]$buffer.Clear()
        switch ($section) {
            'SYNOPSIS' { $doc.Synopsis = $text }
            'DESCRIPTION' { $doc.Description = $text }
            'NOTES' { $doc.Notes = $text }
            'PARAMETERS' { if ($sub) { $doc.Parameters[$sub.TrimStart('-')] = $text } }
            'EXAMPLES' {
                if ($sub) {
                    $code = ''; $remarks = $text
                    if ($text -match '(?s)```[a-zA-Z]*\r?\n(?<code>.*?)```(?<rest>.*)') { $code = $Matches.code.Trim(); $remarks = $Matches.rest.Trim() }
                    $doc.Examples.Add([pscustomobject]@{ Title = $sub; Code = $code; Remarks = $remarks })
                }
            }
        }
    }
    foreach ($line in Get-Content $Path) {
        if ($line -match '^## (?<s>[A-Z ]+)\s*$') { & $flush; $section = $Matches.s.Trim(); $sub = $null; continue }
        if ($line -match '^### (?<t>.+)$') { & $flush; $sub = $Matches.t.Trim(); continue }
        if ($line -match '^# ') { continue }
        [void]$buffer.AppendLine($line)
    }
    & $flush
    $doc.Text = Get-Content -Raw $Path
    $doc
}

function Get-DefaultText($Command, $Parameter, $Instance) {
    # The documented default: a [PSDefaultValue(Help=...)] attribute, else the value a fresh instance of the cmdlet
    # class holds before binding (what the code uses when the parameter is not given).
    $attr = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.PSDefaultValueAttribute] } | Select-Object -First 1
    if ($attr) { return $(if ($attr.Help) { $attr.Help } else { "$($attr.Value)" }) }
    if ($Parameter.ParameterType -eq [switch]) { return 'False' }
    if (-not $Instance) { return 'None' }
    $property = $Instance.GetType().GetProperty($Parameter.Name)
    if (-not $property) { return 'None' }
    $value = $property.GetValue($Instance)
    if ($null -eq $value) { return 'None' }
    if ($value -is [string]) { return $(if ($value) { $value } else { 'None' }) }
    if ($value -is [System.Collections.IEnumerable]) {
        $items = @($value | ForEach-Object { "$_" })
        return $(if ($items.Count) { $items -join ', ' } else { 'None' })
    }
    if ($value -is [DateTime] -or $value -is [DateTimeOffset]) { return $(if ($value -eq $value.GetType()::MinValue -or $value -eq [Activator]::CreateInstance($value.GetType())) { 'None' } else { "$value" }) }
    if ($value -is [TimeSpan]) { return $(if ($value -eq [TimeSpan]::Zero) { 'None' } else { "$value" }) }
    "$value"
}

function Add-Paragraphs($xml, $parent, [string]$text) {
    foreach ($para in ($text -split '\r?\n\s*\r?\n')) {
        if (-not $para.Trim()) { continue }
        $p = $xml.CreateElement('maml', 'para', $ns.maml)
        $p.InnerText = ($para -replace '\r?\n', ' ').Trim()
        [void]$parent.AppendChild($p)
    }
}

$ns = @{
    msh = 'http://msh'; maml = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
}
$module = Import-Module (Join-Path $ModulePath 'ApiThreat.psd1') -PassThru -Force
# Online pages: the markdown help in the repository the manifest names (PSData.ProjectUri).
$projectUri = $module.ProjectUri
$onlineBase = if ($projectUri) { "$($projectUri.AbsoluteUri.TrimEnd('/'))/blob/main/module/en-US" } else { $null }
$aboutTopics = @(Get-ChildItem $MarkdownPath -Filter 'about_*.help.txt' | ForEach-Object { $_.Name -replace '\.help\.txt$' })
$common = Read-HelpMarkdown (Join-Path $MarkdownPath '_CommonParameters.md')
$commonNames = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$xml = [xml]"<helpItems schema=`"maml`" xmlns=`"$($ns.msh)`" xmlns:maml=`"$($ns.maml)`" xmlns:command=`"$($ns.command)`" xmlns:dev=`"$($ns.dev)`"/>"
$problems = @()

foreach ($cmd in $module.ExportedCmdlets.Values | Sort-Object Name) {
    $doc = Read-HelpMarkdown (Join-Path $MarkdownPath "$($cmd.Name).md")
    if (-not $doc.Synopsis) { $problems += "$($cmd.Name): no module/en-US/$($cmd.Name).md or no SYNOPSIS" }
    if ($doc.Examples.Count -lt 2) { $problems += "$($cmd.Name): fewer than two examples" }
    $c = $xml.CreateElement('command', 'command', $ns.command)
    [void]$xml.DocumentElement.AppendChild($c)
    $details = $xml.CreateElement('command', 'details', $ns.command); [void]$c.AppendChild($details)
    foreach ($pair in @(@('name', $cmd.Name), @('verb', $cmd.Verb), @('noun', $cmd.Noun))) {
        $e = $xml.CreateElement('command', $pair[0], $ns.command); $e.InnerText = $pair[1]; [void]$details.AppendChild($e)
    }
    $syn = $xml.CreateElement('maml', 'description', $ns.maml); Add-Paragraphs $xml $syn $doc.Synopsis; [void]$details.AppendChild($syn)
    $desc = $xml.CreateElement('maml', 'description', $ns.maml); Add-Paragraphs $xml $desc $doc.Description; [void]$c.AppendChild($desc)

    $parameterText = {
        param($name)
        if ($doc.Parameters.ContainsKey($name)) { return $doc.Parameters[$name] }
        if ($common.Parameters.ContainsKey($name)) { return $common.Parameters[$name] }
        $script:problems += "$($cmd.Name): parameter -$name has no description"
        ''
    }
    $instance = try { [Activator]::CreateInstance($cmd.ImplementingType) } catch { $null }
    $newParameter = {
        param($p, $attr, $text)
        $pe = $xml.CreateElement('command', 'parameter', $ns.command)
        $pipeline = if ($attr.ValueFromPipeline -and $attr.ValueFromPipelineByPropertyName) { 'True (ByValue, ByPropertyName)' }
            elseif ($attr.ValueFromPipeline) { 'True (ByValue)' } elseif ($attr.ValueFromPipelineByPropertyName) { 'True (ByPropertyName)' } else { 'False' }
        $pe.SetAttribute('required', "$($attr.Mandatory)".ToLower())
        $pe.SetAttribute('variableLength', 'true')
        $pe.SetAttribute('globbing', "$([bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }))".ToLower())
        $pe.SetAttribute('pipelineInput', $pipeline)
        $pe.SetAttribute('position', $(if ($attr.Position -ge 0) { "$($attr.Position)" } else { 'named' }))
        $pe.SetAttribute('aliases', $(if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'none' }))
        $n = $xml.CreateElement('maml', 'name', $ns.maml); $n.InnerText = $p.Name; [void]$pe.AppendChild($n)
        $d = $xml.CreateElement('maml', 'description', $ns.maml); Add-Paragraphs $xml $d $text; [void]$pe.AppendChild($d)
        $isSwitch = $p.ParameterType -eq [switch]
        $pv = $xml.CreateElement('command', 'parameterValue', $ns.command)
        $pv.SetAttribute('required', "$(-not $isSwitch)".ToLower()); $pv.SetAttribute('variableLength', 'false')
        $pv.InnerText = $p.ParameterType.Name; if (-not $isSwitch) { [void]$pe.AppendChild($pv) }
        $validate = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        $enumValues = if ($p.ParameterType.IsEnum) { [enum]::GetNames($p.ParameterType) } elseif ($p.ParameterType.IsArray -and $p.ParameterType.GetElementType().IsEnum) { [enum]::GetNames($p.ParameterType.GetElementType()) }
        $values = if ($validate) { $validate.ValidValues } else { $enumValues }
        if ($values) {
            $group = $xml.CreateElement('command', 'parameterValueGroup', $ns.command)
            foreach ($v in $values) { $ve = $xml.CreateElement('command', 'parameterValue', $ns.command); $ve.SetAttribute('required', 'false'); $ve.SetAttribute('variableLength', 'false'); $ve.InnerText = $v; [void]$group.AppendChild($ve) }
            [void]$pe.AppendChild($group)
        }
        $t = $xml.CreateElement('dev', 'type', $ns.dev); $tn = $xml.CreateElement('maml', 'name', $ns.maml); $tn.InnerText = $p.ParameterType.FullName; [void]$t.AppendChild($tn); [void]$pe.AppendChild($t)
        $dv = $xml.CreateElement('dev', 'defaultValue', $ns.dev); $dv.InnerText = Get-DefaultText $cmd $p $instance; [void]$pe.AppendChild($dv)
        $pe
    }

    $syntax = $xml.CreateElement('command', 'syntax', $ns.command); [void]$c.AppendChild($syntax)
    foreach ($set in $cmd.ParameterSets) {
        $item = $xml.CreateElement('command', 'syntaxItem', $ns.command)
        $n = $xml.CreateElement('maml', 'name', $ns.maml); $n.InnerText = $cmd.Name; [void]$item.AppendChild($n)
        foreach ($sp in $set.Parameters | Where-Object { $_.Name -notin $commonNames }) {
            $p = $cmd.Parameters[$sp.Name]
            $attr = [pscustomobject]@{ Mandatory = $sp.IsMandatory; Position = $sp.Position; ValueFromPipeline = $sp.ValueFromPipeline; ValueFromPipelineByPropertyName = $sp.ValueFromPipelineByPropertyName }
            [void]$item.AppendChild((& $newParameter $p $attr (& $parameterText $p.Name)))
        }
        [void]$syntax.AppendChild($item)
    }
    $parameters = $xml.CreateElement('command', 'parameters', $ns.command); [void]$c.AppendChild($parameters)
    foreach ($p in $cmd.Parameters.Values | Where-Object { $_.Name -notin $commonNames } | Sort-Object Name) {
        $a = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
        $attr = [pscustomobject]@{ Mandatory = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }); Position = $a.Position
            ValueFromPipeline = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipeline })
            ValueFromPipelineByPropertyName = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.ValueFromPipelineByPropertyName }) }
        [void]$parameters.AppendChild((& $newParameter $p $attr (& $parameterText $p.Name)))
    }
    # INPUTS: what binds from the pipeline, by value (the parameter's type) and by property name (any object).
    $inputs = $xml.CreateElement('command', 'inputTypes', $ns.command); [void]$c.AppendChild($inputs)
    $pipeline = foreach ($p in $cmd.Parameters.Values | Where-Object { $_.Name -notin $commonNames } | Sort-Object Name) {
        $attrs = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        [pscustomobject]@{ Parameter = $p; ByValue = [bool]($attrs | Where-Object ValueFromPipeline); ByName = [bool]($attrs | Where-Object ValueFromPipelineByPropertyName) }
    }
    $addInput = {
        param([string]$typeName, [string]$text)
        $it = $xml.CreateElement('command', 'inputType', $ns.command)
        $t = $xml.CreateElement('dev', 'type', $ns.dev); $tn = $xml.CreateElement('maml', 'name', $ns.maml); $tn.InnerText = $typeName; [void]$t.AppendChild($tn); [void]$it.AppendChild($t)
        $d = $xml.CreateElement('maml', 'description', $ns.maml); Add-Paragraphs $xml $d $text; [void]$it.AppendChild($d)
        [void]$inputs.AppendChild($it)
    }
    foreach ($group in $pipeline | Where-Object ByValue | Group-Object { $_.Parameter.ParameterType.FullName }) {
        $names = ($group.Group | ForEach-Object { "-$($_.Parameter.Name)" }) -join ', '
        & $addInput $group.Name "Bound by value to $names."
    }
    $byName = @($pipeline | Where-Object ByName)
    if ($byName) {
        $props = ($byName | ForEach-Object {
            $aliases = @($_.Parameter.Aliases)
            if ($aliases.Count) { "$($_.Parameter.Name) (or $($aliases -join ', '))" } else { $_.Parameter.Name }
        }) -join ', '
        & $addInput 'System.Management.Automation.PSObject' "Any object with one of these properties binds it by property name: $props. The ApiThreat objects of the other cmdlets (DiscoveredHost, ApiEndpoint, HttpProbe, ...) chain this way."
    }
    if (-not $pipeline.Where({ $_.ByValue -or $_.ByName })) { & $addInput 'None' 'This cmdlet takes no pipeline input.' }

    $outputs = $xml.CreateElement('command', 'returnValues', $ns.command); [void]$c.AppendChild($outputs)
    foreach ($o in $cmd.OutputType) {
        $rv = $xml.CreateElement('command', 'returnValue', $ns.command)
        $t = $xml.CreateElement('dev', 'type', $ns.dev); $tn = $xml.CreateElement('maml', 'name', $ns.maml); $tn.InnerText = $o.Name; [void]$t.AppendChild($tn); [void]$rv.AppendChild($t)
        $sets = @($cmd.ImplementingType.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true) |
            Where-Object { $_.Type.Name -contains $o.Name } | ForEach-Object ParameterSetName | Where-Object { $_ -and $_ -ne '__AllParameterSets' })
        $note = if ($sets) { "With the parameter set(s) $($sets -join ', ')." } else { '' }
        if ($o.Name -eq 'System.IO.FileInfo' -and $cmd.Parameters.ContainsKey('PassThru')) { $note = ("With -PassThru: the file written. " + $note).Trim() }
        if ($note) { $d = $xml.CreateElement('maml', 'description', $ns.maml); Add-Paragraphs $xml $d $note; [void]$rv.AppendChild($d) }
        [void]$outputs.AppendChild($rv)
    }
    if (-not $cmd.OutputType) { $problems += "$($cmd.Name): no [OutputType]" }
    if ($doc.Notes) {
        $alerts = $xml.CreateElement('maml', 'alertSet', $ns.maml); $alert = $xml.CreateElement('maml', 'alert', $ns.maml)
        Add-Paragraphs $xml $alert $doc.Notes; [void]$alerts.AppendChild($alert); [void]$c.AppendChild($alerts)
    }
    $examples = $xml.CreateElement('command', 'examples', $ns.command); [void]$c.AppendChild($examples)
    foreach ($ex in $doc.Examples) {
        $e = $xml.CreateElement('command', 'example', $ns.command)
        $t = $xml.CreateElement('maml', 'title', $ns.maml); $t.InnerText = "-------------------------- $($ex.Title) --------------------------"; [void]$e.AppendChild($t)
        $code = $xml.CreateElement('dev', 'code', $ns.dev); $code.InnerText = $ex.Code; [void]$e.AppendChild($code)
        $r = $xml.CreateElement('dev', 'remarks', $ns.dev); Add-Paragraphs $xml $r $ex.Remarks; [void]$e.AppendChild($r)
        [void]$examples.AppendChild($e)
    }

    # RELATED LINKS: the page online first (Get-Help -Online opens the first link), then the cmdlets and about_
    # topics the page names, in the order they first appear.
    $links = $xml.CreateElement('maml', 'relatedLinks', $ns.maml); [void]$c.AppendChild($links)
    $addLink = {
        param([string]$text, [string]$uri)
        $l = $xml.CreateElement('maml', 'navigationLink', $ns.maml)
        $lt = $xml.CreateElement('maml', 'linkText', $ns.maml); $lt.InnerText = $text; [void]$l.AppendChild($lt)
        $lu = $xml.CreateElement('maml', 'uri', $ns.maml); $lu.InnerText = $uri; [void]$l.AppendChild($lu)
        [void]$links.AppendChild($l)
    }
    if ($onlineBase) { & $addLink 'Online Version:' "$onlineBase/$($cmd.Name).md" }
    $named = [regex]::Matches($doc.Text, '\b(?:[A-Z][a-z]+-[A-Z][A-Za-z]+|about_ApiThreat[A-Za-z_]*)\b') |
        ForEach-Object Value | Where-Object { $_ -ne $cmd.Name -and ($module.ExportedCmdlets.ContainsKey($_) -or $aboutTopics -contains $_) } | Select-Object -Unique
    foreach ($n in @($named) + @('about_ApiThreat') | Select-Object -Unique) { & $addLink $n '' }
}
if ($problems) { throw "Help is incomplete:`n  $($problems -join "`n  ")" }
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
try { $xml.Save($writer) } finally { $writer.Dispose() }
