from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """Terminvereinbarung: part of the eGovernment domain, a Django app of its own for its own migrations."""

    name = "modellkommune.egov.appointments"
    label = "appointments"
    verbose_name = _("Terminvereinbarung")

    def ready(self):
        from modellkommune.portal import search

        from .search import search_services

        search.register(key="appointments", label=_("Termine"), search=search_services)
