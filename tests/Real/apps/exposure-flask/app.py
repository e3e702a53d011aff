"""A tutorial-style Flask API. APITHREAT_DEBUG=1 runs it with debug=True (the Werkzeug debugger on errors);
without it, the safe twin. Usage: python3 app.py <port>"""
import os
import sys

from flask import Flask, jsonify

app = Flask(__name__)
ITEMS = {1: {"id": 1, "name": "Widget"}, 2: {"id": 2, "name": "Gadget"}}


@app.get("/")
def index():
    return jsonify(name="items api", items="/api/items")


@app.get("/api/items")
def items():
    return jsonify(list(ITEMS.values()))


@app.get("/api/items/<item_id>")
def item(item_id):
    # The tutorial's bug: int() of the path segment raises on anything but digits.
    return jsonify(ITEMS.get(int(item_id), {}))


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=os.environ.get("APITHREAT_DEBUG") == "1", use_reloader=False)
