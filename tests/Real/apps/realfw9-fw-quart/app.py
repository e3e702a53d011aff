# A Quart 0.18 JSON API in the shape of Quart's API tutorial (https://quart.palletsprojects.com/en/latest/tutorials/api_tutorial.html):
# async route handlers returning dicts and lists, which Quart serialises as JSON. The tutorial describes its API with
# quart-schema, which Debian does not package: here nothing describes the API. Served by Hypercorn (Server:
# hypercorn-h11); unknown paths get Werkzeug's HTML 404 page, the same as Flask's.
# Run: /usr/bin/python3 app.py PORT   (Debian python3-quart)
import sys

from quart import Quart, abort

app = Quart(__name__)
TODOS = [{"id": 1, "task": "Write the API", "due": None}, {"id": 2, "task": "Test it", "due": None}]


@app.get("/todos")
async def get_todos():
    return TODOS


@app.post("/todos")
async def create_todo():
    return {"id": len(TODOS) + 1}, 201


@app.get("/todos/<int:todo_id>")
async def get_todo(todo_id):
    for todo in TODOS:
        if todo["id"] == todo_id:
            return todo
    abort(404)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]))
