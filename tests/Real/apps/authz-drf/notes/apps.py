from django.apps import AppConfig
from django.conf import settings


class NotesConfig(AppConfig):
    name = "notes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        if settings.VARIANT == "safe":
            from . import lockout  # noqa: F401  (connects django-axes to DRF, as its documentation shows)
