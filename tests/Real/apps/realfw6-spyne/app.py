# Spyne 2.14 (Debian python3-spyne) as its "Hello World" tutorial sets it up: a ServiceBase with @rpc methods, SOAP 1.1
# in and out, wrapped in a WsgiApplication and served by the standard library's WSGI server. Spyne serves the WSDL at
# the service's own URL with ?wsdl, and answers a plain GET there with a SOAP fault.
# Run: /usr/bin/python3 app.py PORT
import logging
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from spyne import Application, Integer, Iterable, ServiceBase, Unicode, rpc
from spyne.protocol.soap import Soap11
from spyne.server.wsgi import WsgiApplication


class HelloWorldService(ServiceBase):
    @rpc(Unicode, Integer, _returns=Iterable(Unicode))
    def say_hello(ctx, name, times):
        for _ in range(times or 1):
            yield "Hello, %s" % name

    @rpc(Integer, Integer, _returns=Integer)
    def add(ctx, a, b):
        return (a or 0) + (b or 0)


application = Application([HelloWorldService], tns="spyne.examples.hello", in_protocol=Soap11(validator="lxml"), out_protocol=Soap11())


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    with make_server("127.0.0.1", int(sys.argv[1]), WsgiApplication(application), handler_class=QuietHandler) as server:
        server.serve_forever()
