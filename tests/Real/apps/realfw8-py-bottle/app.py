# Bottle's tutorial: routes returning dicts ("Bottle ... converts [a dict] to JSON", Generating content), with the
# tutorial's debug mode on, as its "Debug Mode" section shows for development:
# https://bottlepy.org/docs/0.12/tutorial.html#generating-content and
# https://bottlepy.org/docs/0.12/tutorial.html#debug-mode
# Two negatives of the same server: "site", a small HTML site with no API, and "catchall", a single-page-app style
# catch-all that answers every path with the same 200 HTML page (https://bottlepy.org/docs/0.12/tutorial.html#wildcard-filters).
# Run: /usr/bin/python3 app.py PORT [debug|nodebug|site|catchall]
import sys

from bottle import Bottle, abort, request, response, run

mode = sys.argv[2] if len(sys.argv) > 2 else 'debug'
app = Bottle()
USERS = [{"id": 1, "name": "ada"}, {"id": 2, "name": "linus"}]
PAGE = '<!DOCTYPE html><html><head><title>Shop</title></head><body><div id="app">Loading...</div></body></html>'

if mode in ('debug', 'nodebug'):
    @app.route('/hello')
    def hello():
        return "Hello World!"

    @app.get('/users')
    def users():
        return {"users": USERS}

    @app.get('/users/<user_id:int>')
    def user(user_id):
        for u in USERS:
            if u["id"] == user_id:
                return u
        abort(404, "No such user.")

    @app.post('/users')
    def create():
        response.status = 201
        return {"id": len(USERS) + 1, "name": (request.json or {}).get("name", "")}
elif mode == 'site':
    @app.route('/')
    def home():
        return '<!DOCTYPE html><html><head><title>Bakery</title></head><body><h1>Fresh bread daily</h1></body></html>'
else:
    @app.route('/')
    @app.route('/<path:path>')
    def spa(path=''):
        return PAGE

if __name__ == '__main__':
    run(app, host='127.0.0.1', port=int(sys.argv[1]), debug=(mode == 'debug'), quiet=True)
