from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "modellkommune.programme"
    label = "programme"
    verbose_name = _("Modellprojekte")

    def ready(self):
        from modellkommune.portal import search

        from .search import search_programme
        from .sources import register_builtin

        register_builtin()
        search.register(key="programme", label=_("Modellprojekte"), search=search_programme)
