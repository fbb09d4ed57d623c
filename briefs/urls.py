from django.urls import path

from . import timeline_views, views

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("export.csv", views.campaign_export, {"export_format": "csv"}, name="campaign_export_csv"),
    path("export.xlsx", views.campaign_export, {"export_format": "xlsx"}, name="campaign_export_xlsx"),
    path("bulk/", views.campaign_bulk, name="campaign_bulk"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("<int:campaign_id>/edit/", views.campaign_edit, name="campaign_edit"),
    *[
        path(f"<int:campaign_id>/{action}/", views.campaign_transition, {"action": action}, name=f"campaign_{action}")
        for action in ("advance", "hold", "resume", "cancel")
    ],
    path("<int:campaign_id>/steps/add/", views.step_add, name="step_add"),
    path("steps/<int:step_id>/", views.step_edit, name="step_edit"),
    path("steps/<int:step_id>/done/", views.step_done, name="step_done"),
    path("steps/<int:step_id>/waive/", views.step_waive, name="step_waive"),
    path("timeline/", timeline_views.timeline_template, name="timeline_template"),
    path("steps/<int:step_id>/remove/", views.step_remove, name="step_remove"),
    path("<int:campaign_id>/concepts/new/", views.concept_new, name="concept_new"),
    path("<int:campaign_id>/concepts/next-round/", views.concept_round_new, name="concept_round_new"),
    path("concepts/<int:concept_id>/", views.concept_detail, name="concept_detail"),
    path("concepts/<int:concept_id>/files/", views.concept_upload, name="concept_upload"),
    path("concepts/<int:concept_id>/review/", views.concept_review, name="concept_review"),
    path("concepts/<int:concept_id>/send/", views.concept_send, name="concept_send"),
    path("concept-files/<int:attachment_id>/", views.concept_file, name="concept_file"),
    path("<int:campaign_id>/estimates/new/", views.estimate_new, name="estimate_new"),
    path("estimates/<int:estimate_id>/", views.estimate_detail, name="estimate_detail"),
    path("estimates/<int:estimate_id>/lines/", views.estimate_line_add, name="estimate_line_add"),
    path("estimate-lines/<int:line_id>/remove/", views.estimate_line_remove, name="estimate_line_remove"),
    path("estimates/<int:estimate_id>/send/", views.estimate_send, name="estimate_send"),
    path("estimates/<int:estimate_id>/actuals/", views.estimate_actual_add, name="estimate_actual_add"),
    path("estimates/<int:estimate_id>/overrun/", views.estimate_overrun_send, name="estimate_overrun_send"),
    path("<int:campaign_id>/final-ads/new/", views.final_ad_new, name="final_ad_new"),
    path("final-ads/<int:final_ad_id>/", views.final_ad_detail, name="final_ad_detail"),
    path("final-ads/<int:final_ad_id>/files/", views.final_ad_upload, name="final_ad_upload"),
    path("final-ads/<int:final_ad_id>/compliance/", views.final_ad_compliance, name="final_ad_compliance"),
    path("final-ads/<int:final_ad_id>/send/", views.final_ad_send, name="final_ad_send"),
    path("final-ad-files/<int:asset_id>/", views.final_ad_file, name="final_ad_file"),
]
