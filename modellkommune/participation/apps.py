from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "modellkommune.participation"
    label = "participation"
    verbose_name = _("Bürgerbeteiligung")

    def ready(self):
        from modellkommune.core import media

        from .selectors_consultation import document_may_read

        media.register("participation/consultations/", document_may_read)

        from .sources import register_sources

        register_sources()
