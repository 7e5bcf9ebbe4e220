"""The personal area ("Mein Bereich"): what this person can do here, in one place.

Like the main navigation, entries name a URL and appear once the app that serves it exists; who sees
an entry is decided by a small predicate on the user. Counts (unread messages) come from the owning
app's selectors, imported lazily so that the portal works without that app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from modellkommune.accounts.permissions import user_sees_all_departments


def _anyone(user) -> bool:
    return True


def _council_member(user) -> bool:
    return getattr(user, "is_council_member", False)


def _back_office(user) -> bool:
    return getattr(user, "is_back_office", False)


def _council_office(user) -> bool:
    try:
        return import_module("modellkommune.council.selectors").user_is_council_office(user=user)
    except (ImportError, AttributeError):
        return False


def _programme_back_office(user) -> bool:
    """Programme office (maintains projects) or council office (publishes the reports)."""
    try:
        selectors = import_module("modellkommune.programme.selectors")
        return selectors.user_is_programme_office(user=user) or selectors.user_may_publish_to_council(user=user)
    except (ImportError, AttributeError):
        return False


def _opendata_office(user) -> bool:
    try:
        return import_module("modellkommune.opendata.selectors").user_is_opendata_office(user=user)
    except (ImportError, AttributeError):
        return False


def _self_deletable(user) -> bool:
    try:
        return import_module("modellkommune.accounts.deletion").user_can_self_delete(user=user)
    except (ImportError, AttributeError):
        return False


def _consultations_back_office(user) -> bool:
    try:
        return import_module("modellkommune.participation.selectors_consultation").user_manages_consultations(user=user)
    except (ImportError, AttributeError):
        return False


def _pending_comments(user) -> int | None:
    try:
        return import_module("modellkommune.participation.selectors_consultation").comments_pending_count()
    except (ImportError, AttributeError):
        return None


def _pending_ideas(user) -> int | None:
    try:
        from modellkommune.participation.constants import IdeaStatus
        from modellkommune.participation.models import Idea
    except ImportError:
        return None
    return Idea.objects.filter(status=IdeaStatus.PENDING).count()


def _programme_office(user) -> bool:
    try:
        return import_module("modellkommune.programme.selectors").user_is_programme_office(user=user) and bool(
            getattr(user, "is_back_office", False)
        )
    except (ImportError, AttributeError):
        return False


def _appointments_back_office(user) -> bool:
    """Only staff whose department runs a location (administrators: always)."""
    if not _back_office(user):
        return False
    try:
        return import_module("modellkommune.egov.appointments.selectors").location_list_for_staff(user=user).exists()
    except (ImportError, AttributeError):
        return False


def _department_runs(module: str, selector: str):
    """A predicate: back-office staff whose department has work in that app (administrators: always)."""

    def visible(user) -> bool:
        if not _back_office(user):
            return False
        try:
            return getattr(import_module(module), selector)(user=user)
        except (ImportError, AttributeError):
            return False

    return visible


def _app_predicate(module: str, selector: str):
    """A predicate asked of any signed-in user (not only staff), e.g. council members."""

    def visible(user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        try:
            return getattr(import_module(module), selector)(user=user)
        except (ImportError, AttributeError):
            return False

    return visible


def _operator(user) -> bool:
    """The Django admin is for operators (administrators), not for the daily work of staff."""
    return user_sees_all_departments(user)


def _unread_messages(user) -> int | None:
    try:
        return import_module("modellkommune.egov.selectors").message_unread_count(user=user)
    except (ImportError, AttributeError):
        return None


@dataclass(frozen=True)
class Entry:
    group: str
    label: str
    url_name: str
    visible: Callable = _anyone
    count: Callable | None = None


CITIZEN = _("Bürgerservice")
COUNCIL = _("Rat")
BACK_OFFICE = _("Verwaltung")

ENTRIES = [
    Entry(CITIZEN, _("Meine Anträge"), "egov:application_list"),
    Entry(CITIZEN, _("Postfach"), "egov:mailbox", count=_unread_messages),
    Entry(CITIZEN, _("Meine gespeicherten Daten"), "egov:my_data"),
    Entry(CITIZEN, _("Meine Mängelmeldungen"), "reports:my_reports"),
    Entry(CITIZEN, _("Mangel melden"), "reports:index"),
    Entry(CITIZEN, _("Termin vereinbaren"), "appointments:index"),
    Entry(COUNCIL, _("Meine Suchabos (Ratsdokumente)"), "council:saved_search_list"),
    Entry(COUNCIL, _("Antrag oder Anfrage einreichen"), "council:paper_submit", _council_member),
    Entry(COUNCIL, _("Anträge meiner Fraktion"), "council:my_papers", _council_member),
    Entry(
        COUNCIL,
        _("Mein Bereich im Rat: Sitzungsunterlagen und Notizen"),
        "council:member_home",
        _app_predicate("modellkommune.council.selectors_members", "user_is_member"),
    ),
    Entry(
        BACK_OFFICE,
        _("Anträge bearbeiten"),
        "egov:backoffice",
        _department_runs("modellkommune.egov.selectors", "user_handles_applications"),
    ),
    Entry(
        BACK_OFFICE,
        _("Mängelmeldungen bearbeiten"),
        "reports:backoffice_queue",
        _department_runs("modellkommune.egov.reports.selectors", "user_handles_reports"),
    ),
    Entry(BACK_OFFICE, _("Termine des Tages"), "appointments:backoffice_day", _appointments_back_office),
    Entry(BACK_OFFICE, _("Ratsbüro: Eingänge"), "council:backoffice", _council_office),
    Entry(BACK_OFFICE, _("Ratsbüro: Sitzungen"), "council:backoffice_meetings", _council_office),
    Entry(BACK_OFFICE, _("Ratsbüro: Anregungen und Beschwerden"), "participation:backoffice", _council_office),
    Entry(
        BACK_OFFICE,
        _("Berichte an den Rat"),
        "council:report_queue",
        _department_runs("modellkommune.council.selectors_reports", "user_writes_reports"),
    ),
    Entry(BACK_OFFICE, _("Modellprojekte und Reifegrad"), "programme:backoffice", _programme_back_office),
    Entry(
        BACK_OFFICE,
        _("Beteiligungsverfahren"),
        "participation:backoffice_consultations",
        _consultations_back_office,
        count=_pending_comments,
    ),
    Entry(BACK_OFFICE, _("Umfragen"), "participation:backoffice_surveys", _consultations_back_office),
    Entry(
        BACK_OFFICE,
        _("Ideen für die Modellkommune"),
        "participation:backoffice_ideas",
        _programme_office,
        _pending_ideas,
    ),
    Entry(BACK_OFFICE, _("Offene Daten pflegen"), "opendata:backoffice", _opendata_office),
    Entry(BACK_OFFICE, _("Verwaltungsoberfläche (Admin)"), "admin:index", _operator),
    Entry(_("Konto"), _("E-Mail-Adressen"), "account_email"),
    Entry(_("Konto"), _("Passwort ändern"), "account_change_password"),
    Entry(_("Konto"), _("Zwei-Faktor-Anmeldung"), "mfa_index"),
    Entry(_("Konto"), _("Konto löschen"), "account_self_delete", _self_deletable),
]


def account_area(user) -> list[tuple[str, list[tuple[str, str, int | None]]]]:
    """[(group, [(label, url, count or None), ...]), ...] for this user, groups in a fixed order."""
    groups: dict[str, list] = {}
    for entry in ENTRIES:
        if not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        count = entry.count(user) if entry.count else None
        groups.setdefault(str(entry.group), []).append((str(entry.label), url, count))
    return list(groups.items())


def unread_count(user) -> int:
    return (_unread_messages(user) or 0) if user.is_authenticated else 0


def work_queue_url(user) -> str | None:
    """Where a member of staff lands after login: their first work list (not the admin)."""
    for entry in ENTRIES:
        if entry.group == BACK_OFFICE and entry.url_name != "admin:index" and entry.visible(user):
            try:
                return reverse(entry.url_name)
            except NoReverseMatch:
                continue
    return None
