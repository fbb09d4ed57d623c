from django.urls import path

from . import views

urlpatterns = [
    path("", views.media_index, name="media_index"),
    path("campaigns/<int:campaign_id>/", views.media_home, name="media_home"),
    path("campaigns/<int:campaign_id>/brief/", views.media_brief_edit, name="media_brief_edit"),
    path("campaigns/<int:campaign_id>/plans/new/", views.plan_new, name="media_plan_new"),
    path("plans/<int:version_id>/", views.plan_detail, name="media_plan"),
    path("plans/<int:version_id>/lines/", views.line_add, name="media_line_add"),
    path("lines/<int:line_id>/edit/", views.line_edit, name="media_line_edit"),
    path("lines/<int:line_id>/remove/", views.line_remove, name="media_line_remove"),
    path("lines/<int:line_id>/book/", views.line_book, name="media_line_book"),
    path("plans/<int:version_id>/flowchart/", views.plan_flowchart, name="media_flowchart"),
    path("plans/<int:version_id>/monthly/", views.plan_monthly, name="media_monthly"),
    path("plans/<int:version_id>/export.xlsx", views.plan_export, name="media_plan_export"),
    path("plans/<int:version_id>/import/", views.plan_import, name="media_plan_import"),
    path("plans/<int:version_id>/import/<uuid:job_id>/", views.plan_import_job, name="media_plan_import_job"),
    path("plans/<int:version_id>/send/", views.plan_send, name="media_plan_send"),
    path("plans/<int:version_id>/recommendation/send/", views.recommendation_send, name="media_recommendation_send"),
    path("plans/<int:version_id>/monthly/send/", views.monthly_plan_send, name="media_monthly_send"),
    path("plans/<int:version_id>/schedule/", views.schedule_send, name="media_schedule_send"),
    path("plans/<int:version_id>/cutoff/", views.plan_cutoff, name="media_plan_cutoff"),
    # Every booking across plans; the Media index (/media/) links here.
    path("bookings/", views.booking_list, name="media_booking_list"),
    path("bookings/export.csv", views.booking_export, {"export_format": "csv"}, name="media_booking_export_csv"),
    path("bookings/export.xlsx", views.booking_export, {"export_format": "xlsx"}, name="media_booking_export_xlsx"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="media_booking"),
    path("bookings/<int:booking_id>/insertion-order/", views.insertion_order, name="media_insertion_order"),
    *[
        path(
            f"bookings/<int:booking_id>/{action}/",
            views.booking_action,
            {"action": action},
            name=f"media_booking_{action}",
        )
        for action in ("confirm", "cancel", "suspend", "resume")
    ],
    path("bookings/<int:booking_id>/monitoring/", views.monitoring_add, name="media_monitoring_add"),
    path("proofs/<int:proof_id>/", views.proof_file, name="media_proof"),
    path("make-goods/<int:make_good_id>/schedule/", views.make_good_schedule, name="media_make_good_schedule"),
    path("make-goods/<int:make_good_id>/aired/", views.make_good_aired, name="media_make_good_aired"),
    path("monitoring/<int:report_id>/send/", views.monitoring_send, name="media_monitoring_send"),
    path("make-good-proofs/<int:make_good_proof_id>/", views.make_good_proof, name="media_make_good_proof"),
]
