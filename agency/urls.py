"""Every page's address. The roof: the one place that names every app."""

from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from accounts.views import links as account_links

urlpatterns = [
    path("", include("agency.site.urls")),
    path("", include("agency.core.urls")),
    path("clients/", include("accounts.urls")),
    path("prospects/", include("accounts.prospect_urls")),
    path("complaints/", include("accounts.complaint_urls")),
    # Satisfaction surveys and status reports by emailed link (accounts/views/links.py).
    path("s/<str:token>/", account_links.survey_link, name="survey_link"),
    path("r/<str:token>/", account_links.status_report_link, name="status_report_link"),
    path("campaigns/", include("briefs.urls")),
    path("campaigns/<int:campaign_id>/brief/", include("briefs.brief_urls")),
    path("media/", include("media.urls")),
    path("media/", include("evaluations.analysis_urls")),  # the post-analysis kept its /media/ addresses
    path("campaigns/<int:campaign_id>/evaluation/", include("evaluations.campaign_urls")),
    path("reviews/", include("evaluations.urls")),
    path("admin/", admin.site.urls),
    # The REST API for the agency's other systems (agency/site/api/).
    path("api/", include("agency.site.api.urls")),
    # Browsers ask for /favicon.ico whatever the page says: send them to the icon every page names.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True), name="favicon"),
]

# A body too large to read is answered with the friendly 413 page (agency/core/middleware.py).
handler400 = "agency.core.views.bad_request"
