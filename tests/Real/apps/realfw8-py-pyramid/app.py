# Pyramid's quick tour, "JSON renderers" (view_config(renderer='json') on a route), served by the quick tour's
# wsgiref server: https://docs.pylonsproject.org/projects/pyramid/en/2.0-branch/quick_tour.html#json-renderers
# Run: /usr/bin/python3 app.py PORT [site]   ("site": the same app with an HTML home page and no JSON route)
import sys
from wsgiref.simple_server import make_server

from pyramid.config import Configurator
from pyramid.response import Response
from pyramid.view import view_config


@view_config(route_name='hello_json', renderer='json')
def hello_json(request):
    return [1, 2, 3]


@view_config(route_name='users', renderer='json')
def users(request):
    return {"users": [{"id": 1, "name": "ada"}]}


def home(request):
    return Response('<!DOCTYPE html><html><head><title>Pyramid site</title></head><body><h1>Welcome</h1><p>Nothing to see.</p></body></html>')


if __name__ == '__main__':
    site = len(sys.argv) > 2 and sys.argv[2] == 'site'
    with Configurator() as config:
        config.add_route('home', '/')
        config.add_view(home, route_name='home')
        if not site:
            config.add_route('hello_json', '/howdy.json')
            config.add_route('users', '/users')
            config.scan('__main__')
        app = config.make_wsgi_app()
    server = make_server('127.0.0.1', int(sys.argv[1]), app)
    server.serve_forever()
