from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovConfig(AppConfig):
    name = "modellkommune.egov"
    label = "egov"
    verbose_name = _("Bürgerservice")

    def ready(self):
        from modellkommune.portal import search

        from .search import search_services

        search.register(key="egov", label=_("Bürgerservice"), search=search_services)
