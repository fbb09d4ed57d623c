from django.conf import settings
from django.urls import path

from . import dashboard_views, people, views

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<int:user_id>/", people.person_detail, name="person_detail"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export/<slug:table>.csv", dashboard_views.dashboard_export, name="dashboard_export"),
]

if settings.BENCH_PAGES:
    urlpatterns += [
        path("_bench/bare/", views.bench_bare, name="bench_bare"),
        path("_bench/list-floor/", views.bench_list_floor, name="bench_list_floor"),
        path("_bench/aggregate-floor/", views.bench_aggregate_floor, name="bench_aggregate_floor"),
    ]
