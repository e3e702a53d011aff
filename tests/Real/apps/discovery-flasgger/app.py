# Flask with flasgger as its README sets it up: Swagger() with the defaults serves /apidocs/ and /apispec_1.json,
# built from the docstrings of the views.
# Run: python3 app.py PORT
import sys

from flask import Flask, jsonify
from flasgger import Swagger

app = Flask(__name__)
swagger = Swagger(app)


@app.route("/colors/<palette>/")
def colors(palette):
    """Example endpoint returning a list of colors by palette
    ---
    parameters:
      - name: palette
        in: path
        type: string
        enum: ['all', 'rgb', 'cmyk']
        required: true
    responses:
      200:
        description: A list of colors
    """
    all_colors = {"cmyk": ["cyan", "magenta", "yellow", "black"], "rgb": ["red", "green", "blue"]}
    return jsonify(all_colors if palette == "all" else {palette: all_colors.get(palette, [])})


@app.route("/api/orders", methods=["GET", "POST"])
def orders():
    """Orders of the shop
    ---
    responses:
      200:
        description: The orders
    """
    return jsonify([{"id": 1}])


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]))
