from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "modellkommune.council"
    label = "council"
    verbose_name = _("Ratsinformationssystem")

    def ready(self):
        from modellkommune.core import media
        from modellkommune.portal import search

        from .search import search_papers
        from .selectors import file_may_read

        search.register(key="council", label=_("Rat und Ausschüsse"), search=search_papers)
        media.register("council/files/", file_may_read)

        from .models.changes import connect_m2m_signals

        connect_m2m_signals()
