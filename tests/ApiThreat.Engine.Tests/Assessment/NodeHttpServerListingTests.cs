using ApiThreat.Engine.Assessment.Exposure;

namespace ApiThreat.Engine.Tests.Assessment;

/// <summary>
/// http-server 14's directory listing (npm http-server, lib/core/show-dir): "Index of /" in its title and heading with
/// ~70 KB of icon styles between them, which the Apache/nginx/lighttpd pattern's 4,000-character window cannot span.
/// </summary>
public class NodeHttpServerListingTests
{
    private static string Listing(int styleChars) =>
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Index of /files/</title><style type=\"text/css\">"
        + new string('x', styleChars)
        + "</style></head><body>\n<h1>Index of /files/</h1>\n<table><tr><td class=\"display-name\"><a href=\"../\">../</a></td></tr>\n"
        + "<tr><td class=\"display-name\"><a href=\"./notes.txt\">notes.txt</a></td></tr>\n</table>\n"
        + "<br><address>Node.js v20.20.2/ <a href=\"https://github.com/http-party/http-server\">http-server</a> server running @ 127.0.0.1:8080</address>\n</body></html>";

    [Fact]
    public void Its_listing_is_a_directory_listing_whatever_its_styles_weigh()
    {
        var found = ExposureSignatures.First(ExposureSignatures.DirectoryListings, Listing(70_000));
        Assert.Equal("http-server (npm) listing", found?.Name);
    }

    [Fact]
    public void Its_other_pages_are_not_listings()
    {
        Assert.Null(ExposureSignatures.First(ExposureSignatures.DirectoryListings, "<html><body><h1>Index of products</h1><p>Shop</p></body></html>"));
        Assert.Null(ExposureSignatures.First(ExposureSignatures.DirectoryListings,
            "<address>Node.js v20.20.2/ <a href=\"https://github.com/http-party/http-server\">http-server</a> server running @ 127.0.0.1:8080</address>"));
    }
}
