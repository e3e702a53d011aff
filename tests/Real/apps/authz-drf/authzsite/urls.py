from django.urls import include, path
from rest_framework.renderers import JSONOpenAPIRenderer
from rest_framework.routers import DefaultRouter
from rest_framework.schemas import get_schema_view
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from notes import views

router = DefaultRouter()
router.register("notes", views.NoteViewSet, basename="note")
router.register("memberships", views.MembershipViewSet, basename="membership")

urlpatterns = [
    path("api/", include(router.urls)),
    path("api/me/", views.MeView.as_view(), name="me"),
    path("api/admin/users/", views.AdminUserList.as_view(), name="admin-users"),
    path("api/token/", TokenObtainPairView.as_view(), name="token"),
    path("api/token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("api/schema/", get_schema_view(title="Notes", version="1.0", renderer_classes=[JSONOpenAPIRenderer], public=True,
                                        permission_classes=[], authentication_classes=[]), name="schema"),
]
