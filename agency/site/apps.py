from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The roof: pages that read across every app (home, dashboards) and the demo and bench data.
    The only code that may import every app; nothing imports it but the URL configuration."""

    name = "agency.site"
    label = "agency_site"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"
