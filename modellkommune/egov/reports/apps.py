from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Mängelmelder with Open311 GeoReport v2: part of the eGovernment domain, its own Django app."""

    name = "modellkommune.egov.reports"
    label = "reports"
    verbose_name = _("Mängelmelder")

    def ready(self):
        from modellkommune.core import media
        from modellkommune.portal import search

        from .search import search_reports
        from .selectors import photo_may_read

        search.register(key="reports", label=_("Mängelmelder"), search=search_reports)
        media.register("reports/", photo_may_read)
