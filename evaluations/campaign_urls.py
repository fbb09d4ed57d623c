"""The campaign evaluation pages, under /campaigns/<campaign_id>/evaluation/."""

from django.urls import path

from . import campaign_views

urlpatterns = [
    path("", campaign_views.evaluation_page, name="campaign_evaluation"),
    path("start/", campaign_views.evaluation_start, name="campaign_evaluation_start"),
    path("kpis/<int:kpi_result_id>/", campaign_views.kpi_result_record, name="campaign_evaluation_record"),
    path("learnings/", campaign_views.learnings_save, name="campaign_evaluation_learnings"),
    path("complete/", campaign_views.evaluation_complete, name="campaign_evaluation_complete"),
    path("share/", campaign_views.evaluation_share, name="campaign_evaluation_share"),
]
