from django.conf import settings
from django.contrib.auth.models import User
from rest_framework import serializers

from .models import Membership, Note


class NoteSerializer(serializers.ModelSerializer):
    owner = serializers.ReadOnlyField(source="owner.username")

    class Meta:
        model = Note
        fields = ["id", "title", "body", "owner", "created"]


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.ReadOnlyField(source="user.username")

    class Meta:
        model = Membership
        fields = ["id", "team", "role", "user"]
        # The planted flaw: the vulnerable variant forgets to make the role read-only (mass assignment).
        read_only_fields = [] if settings.VARIANT == "vulnerable" else ["role"]


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "email", "is_staff"]
