"""/api/: the endpoints, the OpenAPI schema and the reference page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import docs, views

app_name = "api"

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False  # one address per resource: JSON by Accept or ?format=json
router.register("clients", views.ClientViewSet, basename="client")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("briefs", views.BriefViewSet, basename="brief")
router.register("concepts", views.ConceptViewSet, basename="concept")
router.register("estimates", views.EstimateViewSet, basename="estimate")
router.register("final-ads", views.FinalAdViewSet, basename="final-ad")
router.register("media-plans", views.MediaPlanViewSet, basename="media-plan")
router.register("media-plan-lines", views.PlanLineViewSet, basename="media-plan-line")
router.register("bookings", views.BookingViewSet, basename="booking")
router.register("costs", views.CostViewSet, basename="cost")
router.register("airing-reports", views.AiringReportViewSet, basename="airing-report")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("complaints", views.ComplaintViewSet, basename="complaint")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    *router.urls,
]
