"""Demo catalogue of Iserlohn: 15 services, 5 with online forms, and a few applications.

Idempotent: services by slug, applications once per (citizen, service). LeiKa keys are illustrative
and must be checked against the current Leistungskatalog before real use."""

from decimal import Decimal

from django.utils import timezone

from modellkommune.accounts.models import User
from modellkommune.contrib.identity.base import AssuranceLevel
from modellkommune.contrib.payment import PaymentStatus
from modellkommune.core.models import Department

from . import demo_forms, services
from .models import Application, IdentityVerification, LifeSituation, Payment, Service

LIFE_SITUATIONS = [
    ("umzug", "Umzug und Wohnen", "Anmelden, Bescheinigungen, Parken vor der Haustür."),
    ("auto-verkehr", "Auto und Verkehr", "Parkausweise, Straßennutzung."),
    ("haustiere", "Haustiere", "Hundesteuer und mehr."),
    ("beruf-gewerbe", "Beruf und Gewerbe", "Gewerbe anmelden, Flächen nutzen."),
    ("ausweise", "Ausweise und Dokumente", "Personalausweis, Reisepass, Führungszeugnis."),
    ("familie", "Familie und Kinder", "Heiraten, Schule."),
    ("umwelt", "Bauen und Umwelt", "Bäume, Sperrmüll."),
]

# slug, name, LeiKa, department, fee, days, life situations, online form, assurance, summary, documents
SERVICES = [
    (
        "anwohnerparkausweis",
        "Anwohnerparkausweis beantragen",
        "99123001000000",
        "Bürgerbüro",
        "30.00",
        5,
        ["auto-verkehr", "umzug"],
        demo_forms.PARKAUSWEIS,
        AssuranceLevel.SUBSTANTIAL,
        "Parken in der Bewohnerparkzone Ihrer Wohnung, gültig ein Jahr.",
        "Fahrzeugschein (Zulassungsbescheinigung Teil I)\nggf. Erklärung der Halterin / des Halters",
    ),
    (
        "meldebescheinigung",
        "Meldebescheinigung beantragen",
        "99115004000000",
        "Bürgerbüro",
        "10.00",
        3,
        ["umzug", "ausweise"],
        demo_forms.MELDEBESCHEINIGUNG,
        AssuranceLevel.SUBSTANTIAL,
        "Bescheinigung über Ihre aktuelle Wohnanschrift, einfach oder erweitert.",
        "",
    ),
    (
        "hundesteuer-anmeldung",
        "Hundesteuer – Anmeldung eines Hundes",
        "99032012000000",
        "Kämmerei",
        "0",
        10,
        ["haustiere"],
        "fim",
        AssuranceLevel.NONE,
        "Melden Sie Ihren Hund innerhalb von zwei Wochen nach Beginn der Haltung an.",
        "",
    ),
    (
        "sondernutzung",
        "Sondernutzungserlaubnis für Straßen und Gehwege",
        "99098003000000",
        "Straßenbau und Verkehr",
        "25.00",
        10,
        ["beruf-gewerbe", "auto-verkehr"],
        demo_forms.SONDERNUTZUNG,
        AssuranceLevel.NONE,
        "Container, Gerüst, Außengastronomie oder Infostand auf öffentlicher Fläche.",
        "Lageplan oder Skizze",
    ),
    (
        "gewerbeanmeldung",
        "Gewerbeanmeldung",
        "99050012104000",
        "Ordnungsamt",
        "26.00",
        5,
        ["beruf-gewerbe"],
        demo_forms.GEWERBE,
        AssuranceLevel.SUBSTANTIAL,
        "Anzeige eines neuen Gewerbes nach § 14 GewO.",
        "bei GmbH/UG: Auszug aus dem Handelsregister",
    ),
    (
        "personalausweis",
        "Personalausweis beantragen",
        "99112001000000",
        "Bürgerbüro",
        "37.00",
        20,
        ["ausweise"],
        None,
        "",
        "Neuer Personalausweis; persönliche Vorsprache mit biometrischem Foto.",
        "biometrisches Passfoto\nalter Ausweis",
    ),
    (
        "reisepass",
        "Reisepass beantragen",
        "99112002000000",
        "Bürgerbüro",
        "70.00",
        25,
        ["ausweise"],
        None,
        "",
        "Reisepass für Reisen außerhalb der EU.",
        "biometrisches Passfoto\nPersonalausweis",
    ),
    (
        "wohnsitz-anmelden",
        "Wohnsitz anmelden",
        "99115001000000",
        "Bürgerbüro",
        "0",
        1,
        ["umzug"],
        None,
        "",
        "Anmeldung innerhalb von zwei Wochen nach dem Einzug.",
        "Wohnungsgeberbestätigung\nPersonalausweis",
    ),
    (
        "fuehrungszeugnis",
        "Führungszeugnis beantragen",
        "99130001000000",
        "Bürgerbüro",
        "13.00",
        10,
        ["ausweise", "beruf-gewerbe"],
        None,
        "",
        "Privates oder behördliches Führungszeugnis.",
        "Personalausweis",
    ),
    (
        "baumfaellung",
        "Baumfällgenehmigung",
        "99096005000000",
        "Umwelt und Klimaschutz",
        "0",
        20,
        ["umwelt"],
        None,
        "",
        "Genehmigung nach der Baumschutzsatzung der Stadt Iserlohn.",
        "Foto des Baums\nLageplan",
    ),
    (
        "sperrmuell",
        "Sperrmüllabholung",
        "99097001000000",
        "Umwelt und Klimaschutz",
        "0",
        10,
        ["umwelt", "umzug"],
        None,
        "",
        "Abholung von Sperrmüll bis zu fünf Kubikmetern.",
        "",
    ),
    (
        "schulanmeldung",
        "Anmeldung zur Grundschule",
        "99075001000000",
        "Schule und Sport",
        "0",
        15,
        ["familie"],
        None,
        "",
        "Anmeldung schulpflichtiger Kinder an einer städtischen Grundschule.",
        "Geburtsurkunde des Kindes",
    ),
    (
        "fundsachen",
        "Fundsache abholen oder melden",
        "99060001000000",
        "Bürgerbüro",
        "0",
        1,
        [],
        None,
        "",
        "Das Fundbüro im Bürgerbüro verwahrt Fundsachen sechs Monate.",
        "Eigentumsnachweis",
    ),
    (
        "eheschliessung",
        "Eheschließung anmelden",
        "99012001000000",
        "Bürgerbüro",
        "40.00",
        10,
        ["familie"],
        None,
        "",
        "Anmeldung der Eheschließung beim Standesamt Iserlohn.",
        "Personalausweise\nbeglaubigte Abschriften aus dem Geburtenregister",
    ),
    (
        "hundesteuer-abmeldung",
        "Hundesteuer – Abmeldung eines Hundes",
        "99032013000000",
        "Kämmerei",
        "0",
        10,
        ["haustiere"],
        None,
        "",
        "Abmeldung bei Abgabe, Tod des Hundes oder Wegzug.",
        "Nachweis über Abgabe oder Tod",
    ),
]


def _services() -> dict[str, Service]:
    situations = {}
    for order, (slug, name, description) in enumerate(LIFE_SITUATIONS):
        situations[slug], _c = LifeSituation.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    out = {}
    for slug, name, leika, dept, fee, days, ls, form, level, summary, docs in SERVICES:
        schema = demo_forms.hundesteuer_schema() if form == "fim" else (form or {})
        service, _c = Service.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "leika_key": leika,
                "department": Department.objects.get(name=dept),
                "fee": Decimal(fee),
                "processing_days": days,
                "online": bool(schema),
                "form_schema": schema,
                "assurance_level": level,
                "summary": summary,
                "required_documents": docs,
                "retention_days": 365,
                "description": summary + "\n\nZuständig ist der Fachbereich " + dept + " der Stadt Iserlohn.",
            },
        )
        service.life_situations.set([situations[s] for s in ls])
        out[slug] = service
    return out


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


class _Upload:
    def __init__(self, name: str, content: bytes):
        self.name, self._content = name, content

    def read(self, size=-1):
        return self._content


def _apply(citizen, service, data, *, files=None, submit=True) -> Application | None:
    if Application.objects.filter(applicant=citizen, service=service).exists():
        return None
    application = services.application_draft_start(user=citizen, service=service)
    services.application_draft_save(user=citizen, application=application, data=data, files=files or {})
    if not submit:
        return application
    if service.fee:
        Payment.objects.create(
            application=application,
            provider="demo",
            amount=service.fee,
            status=PaymentStatus.PAID,
            transaction_id="DEMO-SEED",
            paid_at=timezone.now(),
        )
    return services.application_submit(user=citizen, application=application)


def load(*, stdout=None) -> None:
    catalogue = _services()
    erika = User.objects.filter(email="erika.mustermann@example.org").first()
    max_ = User.objects.filter(email="max.mustermann@example.org").first()
    clerk = User.objects.filter(email="sachbearbeitung@iserlohn.example").first()
    if not (erika and max_ and clerk):
        return
    for citizen in (erika, max_):
        IdentityVerification.objects.get_or_create(
            user=citizen,
            provider="demo-bundid",
            defaults={
                "subject": f"demo-{citizen.pk:08d}",
                "assurance_level": AssuranceLevel.SUBSTANTIAL,
                "given_name": citizen.first_name,
                "family_name": citizen.last_name,
            },
        )
    person = {"vorname": "Erika", "nachname": "Mustermann", "anschrift": "Wermingser Straße 12", "richtigkeit": True}
    parking = _apply(
        erika,
        catalogue["anwohnerparkausweis"],
        {**person, "zone": "A", "kennzeichen": "MK-EM 123", "halter": "selbst"},
        files={"fahrzeugschein": _Upload("fahrzeugschein.png", PNG_1PX)},
    )
    if parking:
        services.application_assign(actor=clerk, application=parking, assignee=clerk)
        services.application_status_change(actor=clerk, application=parking, new_status="in_progress")
    max_person = {**person, "vorname": "Max", "anschrift": "Hohler Weg 3"}
    cert = _apply(
        max_,
        catalogue["meldebescheinigung"],
        {**max_person, "geburtsdatum": "1985-04-12", "art": "einfach", "anzahl": 1},
    )
    if cert:
        services.application_status_change(
            actor=clerk,
            application=cert,
            new_status="approved",
            comment="Die Meldebescheinigung liegt als PDF in Ihrem Postfach bereit.",
        )
    query = _apply(
        max_,
        catalogue["anwohnerparkausweis"],
        {**max_person, "zone": "C", "kennzeichen": "MK-MM 42", "halter": "selbst"},
        files={"fahrzeugschein": _Upload("schein.png", PNG_1PX)},
    )
    if query:
        services.application_status_change(
            actor=clerk,
            application=query,
            new_status="info_requested",
            comment="Bitte reichen Sie eine lesbare Kopie des Fahrzeugscheins nach.",
        )
    _apply(erika, catalogue["meldebescheinigung"], {"vorname": "Erika", "art": "erweitert"}, submit=False)
    if stdout is not None:
        stdout.write(f"  egov: {len(catalogue)} Leistungen, {Application.objects.count()} Anträge\n")
