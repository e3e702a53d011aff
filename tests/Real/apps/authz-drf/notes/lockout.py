"""django-axes with Django REST framework: a locked-out login answers 403 "Too many failed login attempts" instead of
the same 401 as a wrong password (the integration django-axes documents for DRF)."""
from axes.signals import user_locked_out
from django.dispatch import receiver
from rest_framework.exceptions import PermissionDenied


@receiver(user_locked_out)
def raise_permission_denied(*args, **kwargs):
    raise PermissionDenied("Too many failed login attempts")
