"""Read-only screens for support work: bookings and make-goods change only through media/services
(docs/practice.md, "Who may do what")."""

from django.contrib import admin

from agency.core.admin import ReadOnlyAdmin

from .models import Booking, MakeGood


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("reference", "client", "line", "status", "spots", "vendor_reference")
    list_filter = ("status",)
    search_fields = ("reference", "vendor_reference")


@admin.register(MakeGood)
class MakeGoodAdmin(ReadOnlyAdmin):
    list_display = ("booking", "client", "spots", "status", "air_date", "aired_on")
    list_filter = ("status",)
    search_fields = ("booking__reference",)
