# graphene's quickstart schema behind a tiny WSGI server (the standard library's wsgiref, one thread a request): POST /graphql with a JSON
# {"query": ...} body, as every GraphQL-over-HTTP client sends; everything else is 404.
# Run: python3 server.py PORT
import json
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

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


def app(environ, start_response):
    # The request body is always read: a server that answers without reading it resets the connection.
    size = min(int(environ.get("CONTENT_LENGTH") or 0), 1 << 20)
    raw = environ["wsgi.input"].read(size) if size else b""
    if environ["PATH_INFO"] != "/graphql" or environ["REQUEST_METHOD"] != "POST":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not Found"]
    try:
        payload = json.loads(raw or b"{}")
        result = schema.execute(payload.get("query"), variables=payload.get("variables"))
        body = {"data": result.data}
        if result.errors:
            body["errors"] = [{"message": str(e)} for e in result.errors]
        status = "200 OK"
    except ValueError as e:
        body, status = {"errors": [{"message": str(e)}]}, "400 Bad Request"
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    make_server("127.0.0.1", int(sys.argv[1]), app, server_class=ThreadingWSGIServer, handler_class=QuietHandler).serve_forever()
