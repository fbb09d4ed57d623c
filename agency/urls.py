from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import OutboxPasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("campaigns/", include("briefs.urls")),
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("outbox/<int:message_id>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:message_id>/retry/", views.outbox_retry, name="outbox_retry"),
    path("language/", views.set_language, name="set_language"),
    path(
        "auth/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("auth/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
