from django.contrib import admin

from .models import AccountTeamMember, Brand, Client, Contact


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
