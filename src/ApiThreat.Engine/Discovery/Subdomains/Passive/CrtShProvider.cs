namespace ApiThreat.Engine.Discovery.Subdomains.Passive;

/// <summary>crt.sh (and compatible mirrors): GET ?q=%25.&lt;domain&gt;&amp;output=json, one JSON array of certificate entries.</summary>
internal sealed class CrtShProvider : PassiveProvider
{
    public override SubdomainSources Source => SubdomainSources.CertificateTransparency;

    public override async Task SearchAsync(ProviderQuery query, CancellationToken cancellationToken)
    {
        var response = await query.Client.SendAsync(new ProviderRequest { Uri = CertificateTransparencySource.QueryUri(query.Settings.Endpoint, query.Domain) },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404) return;
        // crt.sh answers its HTML error page with 200 when overloaded: only a JSON array is an answer.
        var first = response.Body.SkipWhile(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or 0xEF or 0xBB or 0xBF).FirstOrDefault();
        if (response.Body.Length > 0 && first != (byte)'[') throw query.Client.Malformed(response, "a crt.sh JSON array");
        foreach (var name in CertificateTransparencySource.ParseNames(response.Body, query.Domain)) query.Add(name);
        query.NextPage();
    }
}
