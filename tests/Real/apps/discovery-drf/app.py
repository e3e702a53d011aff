# Django REST framework as its quickstart and schema docs set it up: a DefaultRouter (its browsable API root lists
# the resources) and get_schema_view at /openapi. One file, no database: the viewsets serve in-memory rows.
# Run: python3 app.py PORT
import sys

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="apithreat-real-software-wing",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"],
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    DATABASES={},
    STATIC_URL="/static/",
)

import django  # noqa: E402

django.setup()

from django.urls import include, path  # noqa: E402
from rest_framework import routers, serializers, viewsets  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.schemas import get_schema_view  # noqa: E402

SNIPPETS = [{"id": 1, "title": "hello", "code": "print('hello')"}, {"id": 2, "title": "loop", "code": "for i in x: pass"}]
AUTHORS = [{"id": 7, "name": "Ada"}]


class SnippetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField()
    code = serializers.CharField()


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField()


class SnippetViewSet(viewsets.ViewSet):
    serializer_class = SnippetSerializer

    def list(self, request):
        return Response(SnippetSerializer(SNIPPETS, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(SnippetSerializer(next((s for s in SNIPPETS if str(s["id"]) == pk), SNIPPETS[0])).data)


class AuthorViewSet(viewsets.ViewSet):
    serializer_class = AuthorSerializer

    def list(self, request):
        return Response(AuthorSerializer(AUTHORS, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(AuthorSerializer(AUTHORS[0]).data)


router = routers.DefaultRouter()
router.register(r"snippets", SnippetViewSet, basename="snippet")
router.register(r"authors", AuthorViewSet, basename="author")

urlpatterns = [
    path("", include(router.urls)),
    path("openapi", get_schema_view(title="Snippets", version="1.0.0"), name="openapi-schema"),
]

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], "runserver", f"127.0.0.1:{sys.argv[1]}", "--noreload", "--nothreading"])
