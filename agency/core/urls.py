from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import (
    api_token_views,
    decision_file_views,
    decision_list_views,
    decision_outside_views,
    decision_views,
    views,
    webhook_views,
)
from .forms import OutboxPasswordResetForm

urlpatterns = [
    path("outbox/", views.outbox_list, name="outbox_list"),
    path("outbox/export.csv", views.outbox_export, {"export_format": "csv"}, name="outbox_export_csv"),
    path("outbox/export.xlsx", views.outbox_export, {"export_format": "xlsx"}, name="outbox_export_xlsx"),
    path("exports/<uuid:job_id>/", views.export_job, name="export_job"),
    path("exports/<uuid:job_id>/download/", views.export_download, name="export_download"),
    path("decisions/", decision_list_views.decisions_waiting, name="decisions_waiting"),
    path(
        "decisions/export.csv",
        decision_list_views.decisions_waiting_export,
        {"export_format": "csv"},
        name="decisions_waiting_export_csv",
    ),
    path(
        "decisions/export.xlsx",
        decision_list_views.decisions_waiting_export,
        {"export_format": "xlsx"},
        name="decisions_waiting_export_xlsx",
    ),
    path("decisions/bulk/", decision_list_views.decisions_waiting_bulk, name="decisions_waiting_bulk"),
    path("outbox/<int:message_id>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:message_id>/retry/", views.outbox_retry, name="outbox_retry"),
    # Client decisions by emailed link: the token only ever appears in the first address.
    path("d/<str:token>/", decision_views.decision_landing, name="decision_landing"),
    path("decision/<int:request_id>/", decision_views.decision_page, name="decision_page"),
    path("decision/<int:request_id>/decide/", decision_views.decision_decide, name="decision_decide"),
    path("decision/<int:request_id>/confirm/", decision_views.decision_confirm, name="decision_confirm"),
    path("decision/<int:request_id>/receipt/", decision_views.decision_receipt, name="decision_receipt"),
    path("decision/<int:request_id>/code/", decision_views.decision_send_code, name="decision_send_code"),
    path("receipt/<str:token>/", decision_views.decision_receipt_link, name="decision_receipt_link"),
    # The files the client decides on, for the browser that arrived with the link.
    path("decision/<int:request_id>/files/<int:index>/", decision_file_views.decision_file, name="decision_file"),
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
    # A confirmation the client gave outside the link, recorded by the account team with its evidence.
    path(
        "decision-requests/<int:request_id>/record-outside/",
        decision_outside_views.decision_request_record_outside,
        name="decision_request_record_outside",
    ),
    path(
        "decision-evidence/<int:evidence_id>/",
        decision_outside_views.decision_evidence_file,
        name="decision_evidence_file",
    ),
    path("webhooks/", webhook_views.webhook_list, name="webhook_list"),
    path("webhooks/<int:endpoint_id>/", webhook_views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:endpoint_id>/disable/", webhook_views.webhook_disable, name="webhook_disable"),
    path("webhooks/<int:endpoint_id>/enable/", webhook_views.webhook_enable, name="webhook_enable"),
    path(
        "webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/",
        webhook_views.webhook_redeliver,
        name="webhook_redeliver",
    ),
    path("", include("agency.core.reminder_urls")),
    # Personal API tokens for the REST API (agency/site/api/).
    path("account/api-tokens/", api_token_views.api_token_list, name="api_token_list"),
    path("account/api-tokens/<int:token_id>/revoke/", api_token_views.api_token_revoke, name="api_token_revoke"),
    path("language/", views.set_language, name="set_language"),
    path(
        "auth/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("auth/", include("django.contrib.auth.urls")),
]
