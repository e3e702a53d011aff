from django.conf import settings
from django.contrib.auth.models import User
from rest_framework import generics, permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Membership, Note
from .serializers import MembershipSerializer, NoteSerializer, UserSerializer

VULNERABLE = settings.VARIANT == "vulnerable"


class IsOwner(permissions.BasePermission):
    def has_object_permission(self, request, view, obj):
        return obj.owner == request.user


class NoteViewSet(viewsets.ModelViewSet):
    serializer_class = NoteSerializer
    # The planted flaw: the vulnerable variant has no object-level permission and an unscoped queryset (BOLA).
    permission_classes = [permissions.IsAuthenticated] if VULNERABLE else [permissions.IsAuthenticated, IsOwner]

    def get_queryset(self):
        if VULNERABLE:
            return Note.objects.all().order_by("id")
        return Note.objects.filter(owner=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class MembershipViewSet(viewsets.ModelViewSet):
    serializer_class = MembershipSerializer

    def get_queryset(self):
        return Membership.objects.filter(user=self.request.user).order_by("id")

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)


class MeView(APIView):
    def get(self, request):
        return Response(UserSerializer(request.user).data)


class AdminUserList(generics.ListAPIView):
    """Every account, for the staff console. The vulnerable variant relies on the console hiding the link (BFLA)."""
    queryset = User.objects.all().order_by("id")
    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated] if VULNERABLE else [permissions.IsAdminUser]
