"""The built-in value sources: other apps' public selectors and the programme's own counts.

Each reader imports the other app inside the function; a missing app raises ImportError or
AttributeError, which `providers.measure` turns into „nicht verfügbar“."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .providers import Reading, SourceUnavailable, register, to_decimal


def _int_param(param: str, default: int) -> int:
    param = (param or "").strip()
    if not param:
        return default
    try:
        return int(param)
    except ValueError as exc:
        raise SourceUnavailable(_("Der Parameter muss eine ganze Zahl sein.")) from exc


def sensors_datastream(param: str) -> Reading:
    from modellkommune.sensors.selectors import datastream_latest_observation

    if not (param or "").strip():
        raise SourceUnavailable(_("Es ist kein Datenstrom angegeben."))
    observation = datastream_latest_observation(datastream_id=_int_param(param, 0))
    if observation is None:
        raise SourceUnavailable(_("Noch keine Messung vorhanden."))
    # The sensors app stores the numeric result separately (result_number) and the time as an interval.
    value = getattr(observation, "result_number", None)
    if value is None:
        value = observation.result
    as_of = getattr(observation, "phenomenon_time", None) or getattr(observation, "phenomenon_time_start", None)
    return Reading(value=to_decimal(value), as_of=as_of)


def sensors_live_datastreams(param: str) -> Reading:
    """Datastreams with an observation in the last 24 h, all sectors or the sector named in param."""
    from modellkommune.sensors.selectors import datastream_live_count_by_sector

    counts = datastream_live_count_by_sector()
    code = (param or "").strip()
    value = counts.get(code, 0) if code else sum(counts.values())
    return Reading(value=to_decimal(value), as_of=timezone.now())


def sensors_live_sectors(param: str) -> Reading:
    from modellkommune.sensors.selectors import datastream_live_count_by_sector

    counts = datastream_live_count_by_sector()
    return Reading(value=to_decimal(sum(1 for n in counts.values() if n)), as_of=timezone.now())


def egov_online_share(param: str) -> Reading:
    from modellkommune.egov.selectors import service_online_share

    return Reading(value=to_decimal(round(service_online_share() * 100, 2)), as_of=timezone.now())


def egov_applications_month(param: str) -> Reading:
    """Online applications submitted in the last `param` days (default 30: „per month“)."""
    from modellkommune.egov.selectors import applications_submitted_count

    until = timezone.now()
    since = until - dt.timedelta(days=_int_param(param, 30))
    return Reading(value=to_decimal(applications_submitted_count(since=since, until=until)), as_of=until)


def reports_closed_in_time(param: str) -> Reading:
    """Defect reports closed within 14 days, among those of the last `param` days (default 90)."""
    from modellkommune.egov.reports.selectors import reports_closed_within_count

    until = timezone.now()
    since = until - dt.timedelta(days=_int_param(param, 90))
    return Reading(value=to_decimal(reports_closed_within_count(days=14, since=since, until=until)), as_of=until)


def opendata_datasets(param: str) -> Reading:
    from modellkommune.opendata.selectors import dataset_list_published

    return Reading(value=to_decimal(dataset_list_published().count()), as_of=timezone.now())


def opendata_mqa_score(param: str) -> Reading:
    """The catalogue's metadata quality: mean MQA score of the published datasets (0–405)."""
    from modellkommune.opendata.selectors import catalogue_quality_score

    score = catalogue_quality_score()
    if score is None:
        raise SourceUnavailable(_("Noch keine veröffentlichten Datensätze."))
    return Reading(value=to_decimal(score), as_of=timezone.now())


def participation_public_items(param: str) -> Reading:
    """Suggestions/complaints and residents' motions filed online and treated in public in the last N days."""
    from modellkommune.participation.selectors import motion_list_public, suggestion_list_public

    until = timezone.now()
    since = until - dt.timedelta(days=_int_param(param, 365))
    suggestions = suggestion_list_public().filter(created__gte=since).count()
    motions = motion_list_public().filter(created__gte=since).count()
    return Reading(value=to_decimal(suggestions + motions), as_of=until)


def council_papers_oparl(param: str) -> Reading:
    from modellkommune.council.selectors import oparl_system_url, paper_list_public

    oparl_system_url()  # raises if the OParl endpoint is not routed
    return Reading(value=to_decimal(paper_list_public().count()), as_of=timezone.now())


def programme_projects_active(param: str) -> Reading:
    from .constants import ProjectStatus
    from .models import Project

    active = [ProjectStatus.RUNNING, ProjectStatus.EVALUATED, ProjectStatus.SCALED_UP]
    return Reading(value=to_decimal(Project.objects.public().filter(status__in=active).count()), as_of=timezone.now())


BUILTIN = [
    ("sensors.datastream", _("SensorThings-Datenstrom (letzter Messwert)"), sensors_datastream, _("Datenstrom-ID")),
    ("sensors.live_datastreams", _("Sensoren live (letzte 24 Stunden)"), sensors_live_datastreams, _("Sektor-Kürzel")),
    ("sensors.live_sectors", _("Sektoren mit Live-Sensoren"), sensors_live_sectors, ""),
    ("egov.online_share", _("Anteil online beantragbarer Leistungen (%)"), egov_online_share, ""),
    ("egov.applications_month", _("Online-Anträge pro Monat"), egov_applications_month, _("Zeitraum in Tagen")),
    (
        "reports.closed_14_days",
        _("Mängelmeldungen, binnen 14 Tagen erledigt"),
        reports_closed_in_time,
        _("Zeitraum in Tagen"),
    ),
    ("opendata.datasets", _("veröffentlichte offene Datensätze"), opendata_datasets, ""),
    ("opendata.mqa_score", _("Metadatenqualität der offenen Daten (MQA-Punkte)"), opendata_mqa_score, ""),
    (
        "participation.public_items",
        _("öffentlich behandelte Online-Beteiligungen"),
        participation_public_items,
        _("Zeitraum in Tagen"),
    ),
    ("council.papers_oparl", _("Ratsdrucksachen über OParl abrufbar"), council_papers_oparl, ""),
    ("programme.projects_active", _("laufende oder verstetigte Modellprojekte"), programme_projects_active, ""),
]


def register_builtin() -> None:
    for key, label, read, param_label in BUILTIN:
        register(key=key, label=label, read=read, param_label=param_label)
