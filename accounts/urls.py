from django.urls import path

from .views import client_import, clients, contact_reports, service

app_name = "accounts"

urlpatterns = [
    path("", clients.client_list, name="client_list"),
    path("new/", clients.client_create, name="client_create"),
    path("bulk/", clients.client_bulk, name="client_bulk"),
    path("export.csv", clients.client_export, {"export_format": "csv"}, name="client_export_csv"),
    path("export.xlsx", clients.client_export, {"export_format": "xlsx"}, name="client_export_xlsx"),
    path("import/", client_import.client_import, name="client_import"),
    path("import/template.xlsx", client_import.client_import_template, name="client_import_template"),
    path("import/<uuid:job_id>/", client_import.client_import_job, name="client_import_job"),
    path("<int:client_id>/", clients.client_detail, name="client_detail"),
    path("<int:client_id>/edit/", clients.client_edit, name="client_edit"),
    path("<int:client_id>/archive/", clients.client_archive, name="client_archive"),
    path("<int:client_id>/delete/", clients.client_delete, name="client_delete"),
    path("<int:client_id>/team/", clients.team_edit, name="team_edit"),
    path("<int:client_id>/brands/new/", clients.brand_edit, name="brand_create"),
    path("<int:client_id>/brands/<int:brand_id>/edit/", clients.brand_edit, name="brand_edit"),
    path("<int:client_id>/contacts/new/", clients.contact_edit, name="contact_create"),
    path("<int:client_id>/contacts/<int:contact_id>/edit/", clients.contact_edit, name="contact_edit"),
    path("<int:client_id>/contact-reports/new/", contact_reports.contact_report_create, name="contact_report_create"),
    path(
        "<int:client_id>/contact-reports/<int:report_id>/",
        contact_reports.contact_report_detail,
        name="contact_report_detail",
    ),
    path(
        "<int:client_id>/action-items/<int:item_id>/done/",
        contact_reports.action_item_toggle,
        name="action_item_toggle",
    ),
    path(
        "<int:client_id>/action-items.csv",
        contact_reports.action_item_export,
        {"export_format": "csv"},
        name="action_item_export_csv",
    ),
    path(
        "<int:client_id>/action-items.xlsx",
        contact_reports.action_item_export,
        {"export_format": "xlsx"},
        name="action_item_export_xlsx",
    ),
    path("<int:client_id>/surveys/", service.survey_results, name="survey_results"),
    path("<int:client_id>/surveys/send/", service.survey_send, name="survey_send"),
    path("<int:client_id>/surveys/<int:survey_id>/follow-up/", service.survey_follow_up, name="survey_follow_up"),
    path("<int:client_id>/status-reports/", service.status_report_list, name="status_report_list"),
    path(
        "<int:client_id>/status-reports/<int:status_report_id>/",
        service.status_report_detail,
        name="status_report_detail",
    ),
    path(
        "<int:client_id>/status-reports/<int:status_report_id>/send/",
        service.status_report_send,
        name="status_report_send",
    ),
]
