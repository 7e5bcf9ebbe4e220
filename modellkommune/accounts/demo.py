"""Demo accounts. Every name is fictional; the demo password is printed by `make run`."""

from modellkommune.core.models import Department

from .constants import Role
from .services import user_mfa_setup, user_upsert

DEMO_PASSWORD = "Iserlohn-Demo-2026"  # noqa: S105 - demo data only, printed on purpose
DEMO_ADMIN_EMAIL = "admin@iserlohn.example"
# Base32 secret for the demo administrator's authenticator app (demo only).
DEMO_ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only

STAFF = [
    ("sachbearbeitung@iserlohn.example", "Sabine", "Sorgfalt", "Bürgerbüro"),
    ("ratsbuero@iserlohn.example", "Rainer", "Protokoll", "Büro des Rates"),
    ("strassen.team@iserlohn.example", "Tobias", "Teerwerk", "Straßenbau und Verkehr"),
    ("umwelt.team@iserlohn.example", "Ute", "Grünfeld", "Umwelt und Klimaschutz"),
    ("digital.team@iserlohn.example", "Dennis", "Datenhaus", "Digitalisierung und IT"),
    # One clerk per department, so each back office can be tried with the right and the wrong department.
    ("ordnungsamt.team@iserlohn.example", "Olga", "Ordnung", "Ordnungsamt"),
    ("planung.team@iserlohn.example", "Paul", "Plansch", "Stadtplanung"),
    ("schule.team@iserlohn.example", "Sina", "Sportlich", "Schule und Sport"),
    ("kaemmerei.team@iserlohn.example", "Karl", "Kasse", "Kämmerei"),
    # A second person of one department, who releases the first one's reports to the council (four-eyes).
    ("digital.leitung@iserlohn.example", "Doris", "Durchblick", "Digitalisierung und IT"),
]
COUNCIL_MEMBERS = [
    ("ratsmitglied.a@iserlohn.example", "Greta", "Lindenbaum"),
    ("ratsmitglied.b@iserlohn.example", "Hartmut", "Kastanie"),
    ("ratsmitglied.c@iserlohn.example", "Ilka", "Wacholder"),
    ("ratsmitglied.d@iserlohn.example", "Jonas", "Eichenlaub"),
    ("ratsmitglied.e@iserlohn.example", "Kerstin", "Ahornblatt"),
    ("ratsmitglied.f@iserlohn.example", "Lars", "Buchenholz"),
]
CITIZENS = [
    ("erika.mustermann@example.org", "Erika", "Mustermann"),
    ("max.mustermann@example.org", "Max", "Mustermann"),
]


def load(*, stdout=None) -> None:
    digital = Department.objects.get(name="Digitalisierung und IT")
    admin = user_upsert(
        email=DEMO_ADMIN_EMAIL,
        first_name="Anna",
        last_name="Administratorin",
        role=Role.ADMINISTRATOR,
        password=DEMO_PASSWORD,
        department=digital,
        is_superuser=True,
    )
    codes = user_mfa_setup(user=admin, totp_secret=DEMO_ADMIN_TOTP_SECRET)
    for email, first, last, dept in STAFF:
        user = user_upsert(
            email=email,
            first_name=first,
            last_name=last,
            role=Role.STAFF,
            password=DEMO_PASSWORD,
            department=Department.objects.get(name=dept),
        )
        user_mfa_setup(user=user, totp_secret=DEMO_ADMIN_TOTP_SECRET)
    for email, first, last in COUNCIL_MEMBERS:
        user_upsert(email=email, first_name=first, last_name=last, role=Role.COUNCIL_MEMBER, password=DEMO_PASSWORD)
    for email, first, last in CITIZENS:
        user_upsert(email=email, first_name=first, last_name=last, role=Role.CITIZEN, password=DEMO_PASSWORD)
    _recovery_codes[:] = codes[:1]


_recovery_codes: list[str] = []


def summary() -> str:
    """How to get in, printed by `manage.py demo` as the last thing before the server starts."""
    code = _recovery_codes[0] if _recovery_codes else "–"
    return "\n".join(
        [
            "",
            "  Modellkommune (Demo)   http://127.0.0.1:8000/",
            "  Verwaltungsoberfläche: http://127.0.0.1:8000/admin/",
            f"  Anmeldung:            {DEMO_ADMIN_EMAIL}",
            f"  Passwort (alle):      {DEMO_PASSWORD}",
            f"  Zweiter Faktor:       Wiederherstellungscode {code}",
            f"                        (oder TOTP-App mit Schlüssel {DEMO_ADMIN_TOTP_SECRET})",
            f"  Weitere Konten:       {STAFF[0][0]} (Sachbearbeitung), {COUNCIL_MEMBERS[0][0]} (Rat),",
            f"                        {CITIZENS[0][0]} (Bürgerin)",
            "",
        ]
    )
