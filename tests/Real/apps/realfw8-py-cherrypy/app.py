# CherryPy's REST tutorial ("Tutorial 7: Give us a REST", MethodDispatcher, exposed GET/POST) with JSON out through
# the json_out tool the docs describe (Basics: "JSON support"):
# https://docs.cherrypy.dev/en/latest/tutorials.html#tutorial-7-give-us-a-rest
# https://docs.cherrypy.dev/en/latest/basics.html#json-support
# Run: /usr/bin/python3 app.py PORT [production]
import sys

import cherrypy

ITEMS = {"1": {"id": 1, "name": "alpha"}, "2": {"id": 2, "name": "beta"}}


@cherrypy.expose
@cherrypy.tools.json_out()
class ItemsWebService(object):
    def GET(self, item_id=None):
        if item_id is None:
            return list(ITEMS.values())
        if item_id not in ITEMS:
            raise cherrypy.HTTPError(404)
        return ITEMS[item_id]

    def POST(self, name=""):
        item = {"id": len(ITEMS) + 1, "name": name}
        ITEMS[str(item["id"])] = item
        return item


if __name__ == '__main__':
    conf = {'/': {'request.dispatch': cherrypy.dispatch.MethodDispatcher()}}
    cherrypy.config.update({'server.socket_host': '127.0.0.1', 'server.socket_port': int(sys.argv[1]), 'log.screen': True})
    if len(sys.argv) > 2 and sys.argv[2] == 'production':
        cherrypy.config.update({'environment': 'production'})
    cherrypy.quickstart(ItemsWebService(), '/api/items', conf)
