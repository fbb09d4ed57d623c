from django.urls import path

from . import reminder_views as views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/badge/", views.notification_badge, name="notification_badge"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("reminders/", views.reminders_overview, name="reminders_overview"),
    path("reminders/export.csv", views.reminders_export, name="reminders_export"),
    path("reminders/settings/", views.reminder_settings, name="reminder_settings"),
    path("reminders/calendar/new/", views.calendar_feed_new, name="calendar_feed_new"),
    path("reminders/calendar/<int:feed_id>/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
