# Pecan's RestController tutorial ("Writing RESTful Web Services with Generic Controllers"/RestController: get_all,
# get_one, post, exposed as JSON) in an application made with pecan.make_app, as the quick start's app.py does:
# https://pecan.readthedocs.io/en/latest/rest.html and https://pecan.readthedocs.io/en/latest/quick_start.html
# Run: /usr/bin/python3 app.py PORT
import sys
from wsgiref.simple_server import make_server

import pecan
from pecan import expose, response
from pecan.rest import RestController

BOOKS = {1: {"id": 1, "title": "Dune"}, 2: {"id": 2, "title": "Emma"}}


class BooksController(RestController):
    @expose('json')
    def get_all(self):
        return {"books": list(BOOKS.values())}

    @expose('json')
    def get_one(self, book_id):
        book = BOOKS.get(int(book_id)) if book_id.isdigit() else None
        if book is None:
            pecan.abort(404)
        return book

    @expose('json')
    def post(self):
        response.status = 201
        return {"id": len(BOOKS) + 1}


class RootController(object):
    books = BooksController()

    @expose('json')
    def index(self):
        return {"hello": "pecan"}


if __name__ == '__main__':
    app = pecan.make_app(RootController())
    make_server('127.0.0.1', int(sys.argv[1]), app).serve_forever()
