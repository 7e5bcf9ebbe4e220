from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "modellkommune.opendata"
    label = "opendata"
    verbose_name = _("Offene Daten")

    def ready(self):
        from modellkommune.portal import search

        from .search import search_datasets

        search.register(key="opendata", label=_("Offene Daten"), search=search_datasets)
        from . import checks  # noqa: F401  (registers the system check)
