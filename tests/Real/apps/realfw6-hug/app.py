# hug 2.6 (Debian python3-hug) on its quickstart's shape: typed functions exposed with @hug.get/@hug.post. hug
# documents itself: any path it has no route for answers 404 with a JSON definition of every route (hug's
# "documentation" on not-found, on by default). Served by the standard library's WSGI server on loopback, as
# hug's own development runner does (which would bind every interface).
# Run: /usr/bin/python3 app.py PORT
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

import hug

NOTES = [{"id": 1, "text": "buy milk"}, {"id": 2, "text": "call Ada"}]


@hug.get("/happy_birthday")
def happy_birthday(name: hug.types.text, age: hug.types.number = 1):
    """Says happy birthday to a user"""
    return "Happy {age} Birthday {name}!".format(**locals())


@hug.get("/notes")
def list_notes():
    """Lists the notes"""
    return NOTES


@hug.post("/notes")
def add_note(text: hug.types.text):
    """Adds a note"""
    note = {"id": len(NOTES) + 1, "text": text}
    NOTES.append(note)
    return note


@hug.get("/notes/{note_id}")
def get_note(note_id: hug.types.number):
    """Shows one note"""
    return next((n for n in NOTES if n["id"] == note_id), None)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    with make_server("127.0.0.1", int(sys.argv[1]), __hug_wsgi__, handler_class=QuietHandler) as server:  # noqa: F821
        server.serve_forever()
