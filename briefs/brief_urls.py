from django.urls import path

from . import brief_views

urlpatterns = [
    path("", brief_views.brief_detail, name="brief_detail"),
    path("edit/", brief_views.brief_edit, name="brief_edit"),
    path("compare/", brief_views.brief_compare, name="brief_compare"),
    path("v<int:number>/", brief_views.brief_version, name="brief_version"),
    path("v<int:number>/send/", brief_views.brief_send, name="brief_send"),
]
