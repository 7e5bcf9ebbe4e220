from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EgovConfig(AppConfig):
    name = "modellkommune.egov"
    label = "egov"
    verbose_name = _("Bürgerservice")
