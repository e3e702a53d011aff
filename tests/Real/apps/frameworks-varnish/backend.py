# The application behind Varnish: a page and a JSON list, answered over HTTP/1.1 keep-alive by a server that names no
# version of its own (so that what the test sees is Varnish's). Run: python3 backend.py PORT
import http.server
import json
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'shop'
    sys_version = ''

    def do_GET(self):
        if self.path == '/':
            self.answer(200, 'text/html; charset=utf-8', b'<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1></body></html>')
        elif self.path == '/api/products':
            self.answer(200, 'application/json', json.dumps([{'sku': 'W-1', 'name': 'Kettle'}]).encode())
        else:
            self.answer(404, 'text/plain', b'not found')

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Handler).serve_forever()
