"""A tutorial-style Django + Django REST framework site in one file.

APITHREAT_DEBUG=1 runs it as developers do (DEBUG = True, the user list open to anyone, the admin mounted);
without it, the safe twin: DEBUG = False, the user list requires authentication, no admin.
Usage: python3 app.py <port> <data-dir>   (migrates a fresh SQLite database, creates two users, runs runserver)
"""
import os
import sys

import django
from django.conf import settings

DEBUG = os.environ.get("APITHREAT_DEBUG") == "1"
PORT, DATA = sys.argv[1], sys.argv[2]

settings.configure(
    DEBUG=DEBUG,
    SECRET_KEY="apithreat-real-software-test-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
        "django.contrib.sessions", "django.contrib.messages", "rest_framework",
    ],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ],
    TEMPLATES=[{
        "BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request", "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages"]},
    }],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(DATA, "db.sqlite3")}},
    STATIC_URL="/static/",
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    REST_FRAMEWORK={"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny" if DEBUG else "rest_framework.permissions.IsAuthenticated"]},
)
django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.urls import include, path  # noqa: E402
from rest_framework import serializers, viewsets, routers  # noqa: E402


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "email", "is_staff"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = User.objects.all().order_by("id")
    serializer_class = UserSerializer


router = routers.DefaultRouter()
router.register("users", UserViewSet)
urlpatterns = [path("api/", include(router.urls))]
if DEBUG:
    urlpatterns.append(path("admin/", admin.site.urls))

if __name__ == "__main__":
    from django.core.management import call_command
    call_command("migrate", verbosity=0, interactive=False)
    if not User.objects.exists():
        User.objects.create_superuser("ann", "ann@shop.example", "correct-horse-battery")
        User.objects.create_user("bob", "bob@shop.example", "another-long-password")
    call_command("runserver", f"127.0.0.1:{PORT}", use_reloader=False, use_threading=True)
