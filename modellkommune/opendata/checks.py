"""System check: a configured GovData contributor ID must be a dcat-ap.de contributor URI."""

from django.conf import settings
from django.core.checks import Error, register

from .govdata import contributor_id_problem


@register()
def contributor_id_check(app_configs, **kwargs):
    value = (getattr(settings, "OPENDATA_CONTRIBUTOR_ID", "") or "").strip()
    if value and (problem := contributor_id_problem(value)):
        return [Error(problem, id="opendata.E001")]
    return []
