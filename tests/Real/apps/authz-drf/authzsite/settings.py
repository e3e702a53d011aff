"""
Settings of the authz-drf test app: Django REST framework with its own authentication classes (token, JWT from
djangorestframework-simplejwt, HTTP Basic) and, in the safe variant, django-axes against password guessing. AUTHZ_VARIANT=vulnerable plants the flaws, AUTHZ_VARIANT=safe is the
correct twin; AUTHZ_DB is the SQLite file the test creates with `manage.py migrate` and `manage.py seed`.
"""
import os
import secrets
from datetime import timedelta

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VARIANT = os.environ.get("AUTHZ_VARIANT", "safe")
SECRET_KEY = os.environ.get("AUTHZ_SECRET_KEY") or secrets.token_urlsafe(48)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "rest_framework.authtoken",
    "notes",
]
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = "authzsite.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("AUTHZ_DB", os.path.join(BASE_DIR, "db.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TEMPLATES = []

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

if VARIANT == "safe":
    # The correct twin locks an account out after five failed logins (django-axes, per user name: every test client
    # shares 127.0.0.1); the vulnerable variant lets passwords be guessed at full speed.
    INSTALLED_APPS.append("axes")
    MIDDLEWARE.append("axes.middleware.AxesMiddleware")
    AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
    AXES_FAILURE_LIMIT = 5
    AXES_ONLY_USER_FAILURES = True
    AXES_LOCKOUT_PARAMETERS = ["username"]
    AXES_VERBOSE = False

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("AUTHZ_ACCESS_SECONDS", "300"))),
    "SIGNING_KEY": SECRET_KEY,
    "ALGORITHM": "HS256",
}
