from django.contrib import admin

from .models import Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("job_number", "name", "client", "stage", "lead_ae")
    list_filter = ("stage",)
    search_fields = ("job_number", "name")
