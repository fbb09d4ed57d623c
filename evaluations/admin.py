"""Read-only screens for support work: reviews change only through evaluations/services
(docs/practice.md, "Who may do what"). The raters' feedback has no screen: it stays anonymous."""

from django.contrib import admin

from agency.core.admin import ReadOnlyAdmin

from .models import Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("reviewee", "cycle", "title", "supervisor", "status")
    list_filter = ("status", "cycle")
    search_fields = ("reviewee__username", "reviewee__first_name", "reviewee__last_name")
