from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Decision, DecisionRequest, OutboxMessage, User
from .services import staff_deactivate


class ReadOnlyAdmin(admin.ModelAdmin):
    """A screen for support work: look, never change. Changes go through the services, where the
    gates, the permission map and the audit log apply (docs/practice.md, "Who may do what")."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "title", "department", "supervisor", "is_active")
    list_filter = ("title", "department", "is_active")
    fieldsets = UserAdmin.fieldsets + (
        (_("Agency"), {"fields": ("title", "department", "supervisor", "language", "time_zone")}),
    )
    actions = ["deactivate"]

    @admin.action(description=_("Deactivate and end their sessions"))
    def deactivate(self, request, queryset):
        for user in queryset:
            staff_deactivate(user=user, by=request.user)
        self.message_user(request, _("Deactivated."), messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            from .services import end_sessions_of

            end_sessions_of(obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "actor_label", "object_repr", "ip")
    list_filter = ("action",)
    search_fields = ("action", "object_repr", "actor_label")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to_email", "subject", "status", "attempts")
    list_filter = ("status",)
    search_fields = ("to_email", "subject")
    # The stored text shows a notice where a private link or code was; the sealed parts are never shown.
    exclude = ("sealed",)
    readonly_fields = [f.name for f in OutboxMessage._meta.fields if f.name != "sealed"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionRequest)
class DecisionRequestAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "client", "decision_kind", "document_title", "version_label", "contact", "status")
    list_filter = ("status", "decision_kind")
    search_fields = ("document_title", "contact__name", "contact__email")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("decided_at", "client", "document_title", "version_label", "outcome", "contact_name")
    list_filter = ("outcome",)
    search_fields = ("document_title", "contact_name", "contact_email")
