# Falcon 3's tutorial shape (resource classes with on_get/on_post responders, add_route with a typed field converter),
# served by the standard library's WSGI server. Falcon serves no description and no documentation page: what an
# inventory can know is that the origin is a JSON API (Falcon answers unknown paths with {"title": "404 Not Found"}).
# Run: /usr/bin/python3 app.py PORT
import sys
from wsgiref.simple_server import make_server

import falcon

IMAGES = [{"id": 1, "name": "sunset.png"}, {"id": 2, "name": "harbour.png"}]


class ImagesResource:
    def on_get(self, req, resp):
        resp.media = IMAGES

    def on_post(self, req, resp):
        resp.status = falcon.HTTP_201
        resp.media = {"id": len(IMAGES) + 1, "name": (req.get_media() or {}).get("name", "")}


class ImageResource:
    def on_get(self, req, resp, image_id):
        image = next((i for i in IMAGES if i["id"] == image_id), None)
        if image is None:
            raise falcon.HTTPNotFound()
        resp.media = image


app = falcon.App()
app.add_route("/images", ImagesResource())
app.add_route("/images/{image_id:int}", ImageResource())

if __name__ == "__main__":
    with make_server("127.0.0.1", int(sys.argv[1]), app) as server:
        server.serve_forever()
