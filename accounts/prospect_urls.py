from django.urls import path

from .views import prospects

app_name = "prospects"

urlpatterns = [
    path("", prospects.prospect_list, name="list"),
    path("new/", prospects.prospect_create, name="create"),
    path("<int:prospect_id>/", prospects.prospect_detail, name="detail"),
    path("<int:prospect_id>/edit/", prospects.prospect_edit, name="edit"),
    path("<int:prospect_id>/activities/", prospects.prospect_add_activity, name="add_activity"),
    path("<int:prospect_id>/contacts/", prospects.prospect_add_contact, name="add_contact"),
    path("<int:prospect_id>/close/", prospects.prospect_close, name="close"),
    path("<int:prospect_id>/convert/", prospects.prospect_convert, name="convert"),
]
