using ApiThreat.Engine.Text;
using Xunit;

namespace ApiThreat.Engine.Tests.Text;

public class TerminalControlTests
{
    [Theory]
    [InlineData("\u001b[2J\u202Efdp.exe", "fdp.exe")]                     // CSI clear screen, then a right-to-left override
    [InlineData("\u001b]0;pwned\u0007\u001b[31mEVIL", "EVIL")]             // OSC window title ended by BEL, then a colour
    [InlineData("a\u001b]8;;http://x\u001b\\b", "ab")]                     // OSC ended by ESC \ (a hyperlink)
    [InlineData("nginx\u001b[0m\u0007", "nginx")]
    [InlineData("one\r\ntwo\tthree", "one\r\ntwo\tthree")]                 // line breaks and tabs are data
    [InlineData("x\u0000y\u009bz\u2066w\u2069", "xyzw")]                   // NUL, C1 CSI, isolates
    [InlineData("tail\u001b", "tail")]
    [InlineData("tail\u001b[12", "tail")]
    [InlineData("MIIDdzCCAl+gAwIBAgIUQ2Vy/dGlmaWNhdGUgYm9keSBpbiBiYXNlNjQ=\u001b[1m", "MIIDdzCCAl+gAwIBAgIUQ2Vy/dGlmaWNhdGUgYm9keSBpbiBiYXNlNjQ=")] // after a long printable run
    [InlineData("caf\u00e9 \u202Egnp.exe", "caf\u00e9 gnp.exe")]      // printable non-ASCII before the control
    [InlineData("~\u007f~", "~~")]                                       // DEL, just past printable ASCII
    public void WithoutTerminalControl_RemovesWholeSequencesAndBidiControls(string input, string expected) =>
        Assert.Equal(expected, TextSafety.WithoutTerminalControl(input));

    [Fact]
    public void WithoutTerminalControl_ReturnsTheSameInstanceWhenClean()
    {
        var clean = "api.contoso.com — Ünïcode stays";
        Assert.Same(clean, TextSafety.WithoutTerminalControl(clean));
        var ascii = "CN=api.contoso.com, O=Contoso ~ {\"json\": [1, 2]}";
        Assert.Same(ascii, TextSafety.WithoutTerminalControl(ascii));
        Assert.Same(ascii, TextSafety.StripControl(ascii));
    }

    [Fact]
    public void StripControl_AlsoDropsBidiOverrides() =>
        Assert.Equal("evil exe.pdf", TextSafety.StripControl("evil\u202E exe.pdf\n").TrimEnd());

    [Fact]
    public void StripControl_KeepsTabsAndPrintableNonAscii() =>
        Assert.Equal("a\tb \u00fc c", TextSafety.StripControl("a\tb\r\u00fc\u0007 c"));
}
