from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.views import links as account_links

from . import decision_views, views
from .forms import OutboxPasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("clients/", include("accounts.urls")),
    path("prospects/", include("accounts.prospect_urls")),
    path("campaigns/", include("briefs.urls")),
    path("media/", include("media.urls")),
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("outbox/<int:message_id>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:message_id>/retry/", views.outbox_retry, name="outbox_retry"),
    path("reviews/", include("evaluations.urls")),
    # Client decisions by emailed link: the token only ever appears in the first address.
    path("d/<str:token>/", decision_views.decision_landing, name="decision_landing"),
    path("decision/<int:request_id>/", decision_views.decision_page, name="decision_page"),
    path("decision/<int:request_id>/decide/", decision_views.decision_decide, name="decision_decide"),
    path("decision/<int:request_id>/code/", decision_views.decision_send_code, name="decision_send_code"),
    path(
        "decision-requests/<int:request_id>/revoke/",
        decision_views.decision_request_revoke,
        name="decision_request_revoke",
    ),
    path(
        "decision-requests/<int:request_id>/document/",
        decision_views.decision_request_document,
        name="decision_request_document",
    ),
    path("campaigns/<int:campaign_id>/brief/", include("briefs.brief_urls")),
    path("campaigns/<int:campaign_id>/evaluation/", include("evaluations.campaign_urls")),
    path("", include("agency.reminder_urls")),
    path("language/", views.set_language, name="set_language"),
    path("complaints/", include("accounts.complaint_urls")),
    # Satisfaction surveys and status reports by emailed link (accounts/views/links.py).
    path("s/<str:token>/", account_links.survey_link, name="survey_link"),
    path("r/<str:token>/", account_links.status_report_link, name="status_report_link"),
    path("dashboard/", include("agency.dashboard_urls")),
    path(
        "auth/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("auth/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_PAGES:
    urlpatterns.append(path("_bench/bare/", views.bench_bare, name="bench_bare"))

# A body too large to read is answered with the friendly 413 page (agency/middleware.py).
handler400 = "agency.views.bad_request"
