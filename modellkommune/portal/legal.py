"""What the legal pages (imprint, privacy statement, accessibility statement) say, from settings.

Empty settings fall back to the town's own record, so a fresh installation never shows a blank."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_AUTHORITY = (
    "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, "
    "Kavalleriestraße 2–4, 40213 Düsseldorf, https://www.ldi.nrw.de"
)


@dataclass(frozen=True)
class Processing:
    """One processing activity as the privacy statement lists it (Art. 13 DSGVO)."""

    name: str
    purpose: str
    legal_basis: str
    retention: str


def legal_details(municipality) -> dict:
    town = getattr(municipality, "official_name", "") or "die Kommune"
    email = getattr(municipality, "email", "")
    try:
        statement_date = dt.date.fromisoformat(settings.ACCESSIBILITY_STATEMENT_DATE)
    except (TypeError, ValueError):
        statement_date = None
    return {
        "representative": settings.LEGAL_REPRESENTATIVE or _("Bürgermeisterin oder Bürgermeister"),
        "content_responsible": settings.LEGAL_CONTENT_RESPONSIBLE,
        "dpo": settings.DATA_PROTECTION_OFFICER
        or _("Behördliche Datenschutzbeauftragte oder behördlicher Datenschutzbeauftragter von %(town)s")
        % {"town": town},
        "dpo_email": settings.DATA_PROTECTION_OFFICER_EMAIL or email,
        "authority": settings.DATA_PROTECTION_AUTHORITY or DEFAULT_AUTHORITY,
        "statement_date": statement_date,
        "processings": processings(),
    }


def processings() -> list[Processing]:
    """Every processing of personal data this platform does, with its legal basis and retention."""
    days = gettext_lazy("%(n)s Tage")
    duty = gettext_lazy("Art. 6 Abs. 1 lit. e DSGVO (Wahrnehmung einer Aufgabe im öffentlichen Interesse)")
    return [
        Processing(
            _("Benutzerkonto"),
            _("Anmeldung, Postfach, Übersicht über Ihre Anträge, Meldungen und Termine"),
            _("Art. 6 Abs. 1 lit. a DSGVO (Ihre Einwilligung bei der Registrierung)"),
            _("bis Sie das Konto löschen; die Löschung ist jederzeit unter „Mein Bereich“ möglich"),
        ),
        Processing(
            _("Online-Anträge"),
            _("Bearbeitung Ihres Antrags durch die zuständige Stelle"),
            str(duty) + " " + _("in Verbindung mit dem Fachrecht der jeweiligen Leistung"),
            _("je Leistung festgelegt und in der Leistungsbeschreibung genannt; danach gelöscht oder anonymisiert"),
        ),
        Processing(
            _("Mängelmelder"),
            _("Beseitigung des gemeldeten Mangels und Rückmeldung an Sie"),
            str(duty),
            _("Name und E-Mail-Adresse: %(days)s nach Abschluss der Meldung")
            % {"days": days % {"n": settings.REPORTS_RETENTION_DAYS}},
        ),
        Processing(
            _("Terminbuchung"),
            _("Vergabe und Erinnerung von Terminen im Bürgerbüro"),
            str(duty),
            _("%(days)s nach dem Termin") % {"days": days % {"n": settings.APPOINTMENTS_RETENTION_DAYS}},
        ),
        Processing(
            _("Kontaktformular"),
            _("Beantwortung Ihrer Nachricht"),
            str(duty),
            _("bis zur abschließenden Beantwortung"),
        ),
        Processing(
            _("Ratsinformationssystem"),
            _("Veröffentlichung von Namen und Funktionen der Mandatsträgerinnen und Mandatsträger"),
            str(duty) + " " + _("in Verbindung mit der Gemeindeordnung NRW"),
            _("für die Dauer der Veröffentlichungspflicht"),
        ),
        Processing(
            _("Server-Protokolle"),
            _("Sicherer Betrieb der Website, Abwehr von Angriffen"),
            str(duty),
            str(days % {"n": settings.SERVER_LOG_RETENTION_DAYS}),
        ),
    ]
