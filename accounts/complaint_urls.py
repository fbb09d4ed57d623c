from django.urls import path

from .views import service

app_name = "complaints"

urlpatterns = [
    path("", service.complaint_list, name="list"),
    path("export.csv", service.complaint_export, {"export_format": "csv"}, name="export_csv"),
    path("export.xlsx", service.complaint_export, {"export_format": "xlsx"}, name="export_xlsx"),
    path("new/", service.complaint_create, name="create"),
    path("<int:complaint_id>/", service.complaint_detail, name="detail"),
    path("<int:complaint_id>/route/", service.complaint_route, name="route"),
    path("<int:complaint_id>/answer/", service.complaint_respond, name="respond"),
    path("<int:complaint_id>/plan/", service.complaint_plan, name="plan"),
    path("<int:complaint_id>/investigation/", service.complaint_investigate, name="investigate"),
    path("<int:complaint_id>/remedy/", service.complaint_remedy, name="remedy"),
    path("<int:complaint_id>/close/", service.complaint_close, name="close"),
]
