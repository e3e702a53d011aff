using System.Text;
using ApiThreat.Engine.Net;

namespace ApiThreat.Engine.Tests.Net;

/// <summary>The XML-RPC reader: answers as Supervisor 4.2 sends them, and the hostile ones it must refuse.</summary>
public class XmlRpcTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void A_call_without_parameters_names_only_a_valid_method()
    {
        Assert.Equal("<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName><params/></methodCall>", XmlRpc.Call("system.listMethods"));
        Assert.Throws<ArgumentException>(() => XmlRpc.Call("a</methodName><x>"));
    }

    [Fact]
    public void Reads_strings_structs_and_arrays_of_a_method_response()
    {
        var list = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><string>supervisor.getState</string></value>\n<value><string>system.listMethods</string></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n";
        Assert.Equal(new[] { "supervisor.getState", "system.listMethods" }, XmlRpc.Strings(B(list)));
        var state = "<?xml version='1.0'?><methodResponse><params><param><value><struct><member><name>statecode</name><value><int>1</int></value></member><member><name>statename</name><value><string>RUNNING</string></value></member></struct></value></param></params></methodResponse>";
        var s = Assert.IsType<Dictionary<string, object?>>(XmlRpc.Response(B(state)));
        Assert.Equal("RUNNING", s["statename"]);
        Assert.Equal("1", s["statecode"]);
        // A value without a type element is a string.
        Assert.Equal("plain", XmlRpc.Response(B("<methodResponse><params><param><value>plain</value></param></params></methodResponse>")));
    }

    [Theory]
    [InlineData("<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>")]
    [InlineData("<html><body>401 Unauthorized</body></html>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x \"boom\">]><methodResponse><params><param><value>&x;</value></param></params></methodResponse>")]
    [InlineData("not xml")]
    [InlineData("")]
    public void Faults_pages_entities_and_garbage_are_no_response(string body)
    {
        Assert.Null(XmlRpc.Response(B(body)));
        Assert.Null(XmlRpc.Strings(B(body)));
    }

    [Fact]
    public void Deep_nesting_is_cut_off()
    {
        var deep = string.Concat(Enumerable.Repeat("<value><array><data>", 40)) + "<value>x</value>" + string.Concat(Enumerable.Repeat("</data></array></value>", 40));
        var r = XmlRpc.Response(B($"<methodResponse><params><param>{deep}</param></params></methodResponse>"));
        Assert.IsType<List<object?>>(r);
    }
}
