# A Tornado JSON app in the shape of Tornado's user guide ("Structure of a Tornado web application": RequestHandler
# subclasses in an Application's URL table, returning dicts that write() turns into JSON):
# https://www.tornadoweb.org/en/stable/guide/structure.html
# Tornado answers unknown paths with its own HTML "404: Not Found" page and sends Server: TornadoServer/<version>.
# Run: /usr/bin/python3 app.py PORT
import asyncio
import sys

import tornado.web

ITEMS = [{"id": 1, "name": "lamp"}, {"id": 2, "name": "desk"}]


class ItemsHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"items": ITEMS})

    def post(self):
        self.set_status(201)
        self.write({"id": len(ITEMS) + 1})


class ItemHandler(tornado.web.RequestHandler):
    def get(self, item_id):
        item = next((i for i in ITEMS if str(i["id"]) == item_id), None)
        if item is None:
            raise tornado.web.HTTPError(404)
        self.write(item)


class MainHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello, world")


def make_app():
    return tornado.web.Application([
        (r"/", MainHandler),
        (r"/items", ItemsHandler),
        (r"/items/([0-9]+)", ItemHandler),
    ])


async def main():
    app = make_app()
    app.listen(int(sys.argv[1]), address="127.0.0.1")
    await asyncio.Event().wait()

if __name__ == "__main__":
    asyncio.run(main())
