"""The post-analysis pages, under /media/ where they were before they moved here: the addresses and
names in emails already sent keep working."""

from django.urls import path

from . import analysis_views

urlpatterns = [
    path("campaigns/<int:campaign_id>/post-analysis/", analysis_views.post_analysis, name="media_post_analysis"),
    path("post-analyses/<int:analysis_id>/send/", analysis_views.post_analysis_send, name="media_post_analysis_send"),
]
