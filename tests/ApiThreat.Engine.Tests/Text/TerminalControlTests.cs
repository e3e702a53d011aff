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
    public void WithoutTerminalControl_RemovesWholeSequencesAndBidiControls(string input, string expected) =>
        Assert.Equal(expected, TextSafety.WithoutTerminalControl(input));

    [Fact]
    public void WithoutTerminalControl_ReturnsTheSameInstanceWhenClean()
    {
        var clean = "api.contoso.com — Ünïcode stays";
        Assert.Same(clean, TextSafety.WithoutTerminalControl(clean));
    }

    [Fact]
    public void StripControl_AlsoDropsBidiOverrides() =>
        Assert.Equal("evil exe.pdf", TextSafety.StripControl("evil\u202E exe.pdf\n").TrimEnd());
}
