from django.contrib import admin

from agency.core.admin import ReadOnlyAdmin

from .models import (
    AccountTeamMember,
    ActionItem,
    Brand,
    Client,
    Complaint,
    Contact,
    ContactReport,
    Prospect,
    ProspectActivity,
)


class TeamInline(admin.TabularInline):
    model = AccountTeamMember
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "tier", "stage", "industry", "archived_at")
    list_filter = ("tier", "stage")
    search_fields = ("name", "legal_name", "code")
    inlines = [TeamInline, ContactInline]


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "client")
    search_fields = ("name",)


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0


@admin.register(ContactReport)
class ContactReportAdmin(admin.ModelAdmin):
    list_display = ("meeting_date", "subject", "client", "created_by")
    list_filter = ("meeting_date",)
    search_fields = ("subject", "client__name")
    inlines = [ActionItemInline]


class ProspectActivityInline(admin.TabularInline):
    model = ProspectActivity
    extra = 0


@admin.register(Prospect)
class ProspectAdmin(admin.ModelAdmin):
    list_display = ("company", "owner", "status", "estimated_value", "client")
    list_filter = ("status", "source")
    search_fields = ("company",)
    inlines = [ProspectActivityInline]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Read-only for support work: complaints change only through accounts/services."""

    list_display = ("received_at", "client", "category", "priority", "status", "owner")
    list_filter = ("status", "priority", "category")
    search_fields = ("description", "client__name")
