from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.index, name="index"),
    path("all/", views.review_list, name="list"),
    path("all/export.csv", views.review_list_export, {"export_format": "csv"}, name="list_export_csv"),
    path("all/export.xlsx", views.review_list_export, {"export_format": "xlsx"}, name="list_export_xlsx"),
    path("feedback/<int:feedback_id>/", views.feedback_form, name="feedback"),
    path("<int:review_id>/", views.review_detail, name="review"),
    path("<int:review_id>/reviewers/", views.review_add_reviewer, name="add_reviewer"),
    path("<int:review_id>/share/", views.review_share_results, name="share_results"),
    path("<int:review_id>/discussion/", views.review_discussion, name="discussion"),
    path("<int:review_id>/comments/", views.review_comment, name="comment"),
    path("<int:review_id>/sign/", views.review_sign, name="sign"),
    path("<int:review_id>/results/", views.review_results, name="results"),
    path("<int:review_id>/results.csv", views.review_results_csv, name="results_csv"),
    path("<int:review_id>/raw/", views.review_raw_answers, name="raw_answers"),
    path("cycles/", views.cycle_list, name="cycles"),
    path("cycles/ad-hoc/", views.ad_hoc_review, name="ad_hoc"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/results.csv", views.cycle_results_csv, name="cycle_results_csv"),
    path("framework/", views.framework, name="framework"),
    path("framework/<slug:code>/edit/", views.competency_edit, name="competency_edit"),
    path("people/<int:user_id>/", views.person_history, name="history"),
]
