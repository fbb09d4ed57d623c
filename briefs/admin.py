from django.contrib import admin

from .models import Campaign
from .services.campaigns import EDITABLE, campaign_update

# Rule: "Who may do what" (docs/practice.md): the stage moves only through the workflow's services, where
# the gates, the permission map and the audit log apply; admin shows where the campaign is, read-only.
WORKFLOW_FIELDS = ("stage", "stage_changed_at", "resume_stage", "hold_reason", "cancel_reason")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("job_number", "name", "client", "stage", "lead_ae")
    list_filter = ("stage",)
    search_fields = ("job_number", "name")
    fields = ("job_number", "client", *EDITABLE, *WORKFLOW_FIELDS)
    readonly_fields = ("job_number", "client", *WORKFLOW_FIELDS)

    def has_add_permission(self, request):
        return False  # a campaign is opened in the app: job number, checklist and timeline come with it

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """The particulars change through the same service as the campaign page (audited, milestones
        reschedule the steps)."""
        data = {field: form.cleaned_data[field] for field in form.changed_data if field in EDITABLE}
        current = Campaign.objects.get(pk=obj.pk)
        campaign_update(campaign=current, data=data, team=list(current.team.all()), by=request.user)
