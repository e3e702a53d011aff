# graphene's quickstart schema behind a tiny server (the standard library's http.server, HTTP/1.1, one thread a
# request): POST /graphql with a JSON {"query": ...} body, as every GraphQL-over-HTTP client sends; everything else is 404.
# Run: python3 server.py PORT
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import graphene


class Book(graphene.ObjectType):
    title = graphene.String()
    author = graphene.String()


class Query(graphene.ObjectType):
    hello = graphene.String(name=graphene.String(default_value="stranger"))
    books = graphene.List(Book)

    def resolve_hello(self, info, name):
        return "Hello " + name

    def resolve_books(self, info):
        return [Book(title="Dune", author="Herbert")]


class AddBook(graphene.Mutation):
    class Arguments:
        title = graphene.String()

    ok = graphene.Boolean()

    def mutate(self, info, title):
        return AddBook(ok=True)


class Mutation(graphene.ObjectType):
    add_book = AddBook.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)


class GraphQLHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read_body(self):
        # The body is always read, so that the kept-alive connection stays in step.
        size = min(int(self.headers.get("Content-Length") or 0), 1 << 20)
        return self.rfile.read(size) if size else b""

    def do_POST(self):
        raw = self._read_body()
        if self.path.split("?")[0] != "/graphql":
            return self._send(404, b"Not Found", "text/plain")
        try:
            payload = json.loads(raw or b"{}")
            result = schema.execute(payload.get("query"), variables=payload.get("variables"))
        except (ValueError, AttributeError) as e:
            return self._send(400, {"errors": [{"message": str(e)}]})
        body = {"data": result.data}
        if result.errors:
            body["errors"] = [{"message": str(e)} for e in result.errors]
        self._send(200, body)

    def do_GET(self):
        self._read_body()
        self._send(404, b"Not Found", "text/plain")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), GraphQLHandler).serve_forever()
