"""Demo: one § 24 suggestion through the whole council cycle, one waiting for the council office."""

from modellkommune.accounts.models import User
from modellkommune.council.constants import OrganizationType
from modellkommune.council.models import Organization

from .models import ResidentsMotion, Suggestion
from .services import suggestion_decide, suggestion_register, suggestion_submit
from .services_motion import motion_open, motion_propose, motion_support

MOTION_TITLE = "Kostenloses WLAN in allen Bürgerhäusern"

DECIDED_TITLE = "Mehr Sitzbänke am Seilersee-Rundweg"
WAITING_TITLE = "Beleuchtung des Fußwegs zum Bahnhof Letmathe"


def load(stdout=None) -> None:
    office = User.objects.filter(email="ratsbuero@iserlohn.example").first()
    if office is None:
        return
    _load_suggestions(office)
    _load_motion(office)
    _load_consultation(office)
    _load_ideas()
    _load_surveys(office)
    if stdout is not None:
        stdout.write(
            "participation: 2 Anregungen/Beschwerden, 1 Einwohnerantrag sammelt Unterstützung, "
            "1 offenes Beteiligungsverfahren, 3 Ideen (eine als Projektentwurf), 2 Umfragen"
        )


def _load_suggestions(office) -> None:
    if Suggestion.objects.filter(title__in=[DECIDED_TITLE, WAITING_TITLE]).exists():
        return
    citizen = User.objects.filter(email="erika.mustermann@example.org").first()
    committee = (
        Organization.objects.filter(organization_type=OrganizationType.GREMIUM).exclude(classification="Rat").first()
    )
    if citizen is None:
        return
    decided = suggestion_submit(
        kind="anregung",
        title=DECIDED_TITLE,
        text="Auf dem Rundweg um den Seilersee gibt es zwischen Bootshaus und Damm keine Bank. "
        "Für ältere Menschen ist der Weg so zu lang. Bitte stellen Sie dort einige Bänke auf.",
        user=citizen,
        publish=True,
        show_name=False,
    )
    suggestion_register(actor=office, suggestion=decided, committee=committee)
    suggestion_decide(
        actor=office,
        suggestion=decided,
        decision="Der Ausschuss hat beschlossen, im Frühjahr vier Bänke am Rundweg aufzustellen. "
        "Die Kosten trägt der Grünflächenetat.",
    )
    suggestion_submit(
        kind="beschwerde",
        title=WAITING_TITLE,
        text="Der Fußweg vom Bahnhof Letmathe zur Hagener Straße ist abends unbeleuchtet.",
        name="Max Mustermann",
        email="max.mustermann@example.org",
        user=User.objects.filter(email="max.mustermann@example.org").first(),
        publish=True,
    )


def _load_motion(office) -> None:
    """One Einwohnerantrag collecting support, from the demo citizens' verified identities (egov demo)."""
    from django.core.exceptions import ValidationError

    if ResidentsMotion.objects.filter(title=MOTION_TITLE).exists():
        return
    people = list(User.objects.filter(email__in=["erika.mustermann@example.org", "max.mustermann@example.org"]))
    if not people:
        return
    try:
        motion = motion_propose(
            actor=people[0],
            title=MOTION_TITLE,
            request="Der Rat möge beschließen, in allen Bürgerhäusern der Stadt kostenloses WLAN anzubieten.",
            reasoning="Vereine und Nachbarschaften treffen sich dort; ohne Internet lassen sich viele Angebote "
            "nicht nutzen. Die Kosten sind im Vergleich zum Nutzen gering.",
            representatives=f"{people[0].get_full_name()}",
        )
    except ValidationError:
        return  # no verified identity (egov demo not loaded): nothing to show
    motion_open(actor=office, motion=motion)
    for person in people:
        try:
            motion_support(user=person, motion=motion, address="Schillerplatz 7, 58636 Iserlohn")
        except ValidationError:
            continue


CONSULTATION_TITLE = "Digitales Parkleitsystem Innenstadt: Wo fehlt Ihnen Orientierung?"


def _load_consultation(office) -> None:
    """The council office and the programme office run consultations; one is open on a pilot project,
    with two published comments (one with a place), one waiting for moderation."""
    import datetime as dt

    from django.contrib.auth.models import Group, Permission
    from django.utils import timezone

    from .models import Consultation
    from .services_consultation import comment_moderate, comment_submit, consultation_publish, consultation_save

    permission = Permission.objects.get(codename="manage_consultations", content_type__app_label="participation")
    for name in ("Ratsbüro", "Programmbüro"):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(permission)
    office = User.objects.get(pk=office.pk)  # a fresh object: the permission cache knows the new permission
    if Consultation.objects.filter(title=CONSULTATION_TITLE).exists():
        return
    from modellkommune.programme.models import Project

    body = Organization.objects.filter(organization_type=OrganizationType.GREMIUM).exclude(classification="Rat").first()
    now = timezone.now()
    consultation = consultation_save(
        actor=office,
        data={
            "title": CONSULTATION_TITLE,
            "summary": "Das Parkleitsystem soll Autofahrende auf kürzestem Weg zu freien Parkplätzen führen. "
            "Bevor die Anzeigetafeln aufgestellt werden, fragen wir Sie: An welchen Stellen fehlt Ihnen "
            "Orientierung, wo stauen sich Suchverkehre?",
            "text": "Die Sensoren in den Parkhäusern melden schon heute ihre freien Plätze. Geplant sind sechs "
            "Anzeigetafeln an den Einfallstraßen. Markieren Sie in der Karte, wo eine Tafel helfen würde.",
            "project": Project.objects.filter(slug="parkleitsystem-sensorik").first(),
            "deciding_body": body,
            "starts_at": now - dt.timedelta(days=10),
            "ends_at": now + dt.timedelta(days=20),
            "with_map": True,
        },
    )
    consultation_publish(actor=office, consultation=consultation)
    people = list(User.objects.filter(email__in=["erika.mustermann@example.org", "max.mustermann@example.org"]))
    texts = [
        (
            "An der Kreuzung Theodor-Heuss-Ring/Gartenstraße suchen viele nach dem Parkhaus am Schillerplatz.",
            51.3762,
            7.6961,
        ),
        ("Eine Tafel an der Baarstraße vor der Einfahrt in die Innenstadt wäre hilfreich.", None, None),
        ("Bitte auch freie Plätze für Menschen mit Behinderung anzeigen.", None, None),
    ]
    for index, (text, lat, lon) in enumerate(texts):
        if not people:
            break
        comment = comment_submit(
            user=people[index % len(people)], consultation=consultation, text=text, lat=lat, lon=lon, conduct=True
        )
        if index < 2 and comment.status == "pending":
            comment_moderate(actor=office, comment=comment, publish=True)


IDEAS = [
    (
        "verkehr",
        "Freie Ladesäulen in Echtzeit anzeigen",
        "Auf der Stadtdaten-Seite sollte man sehen, welche "
        "Ladesäulen für E-Autos gerade frei sind – am besten auch auf den Anzeigetafeln des Parkleitsystems.",
    ),
    (
        "bildung",
        "Digitale Ausleihe für Schul-Tablets",
        "Schulen sollten Tablets über ein Online-Formular "
        "ausleihen können, damit Familien ohne eigenes Gerät nicht ausgeschlossen sind.",
    ),
    (
        "lebensqualitaet",
        "Sitzbank-Karte für ältere Menschen",
        "Eine Karte aller öffentlichen Sitzbänke und "
        "Toiletten hilft älteren Menschen, Wege in der Innenstadt zu planen.",
    ),
]


def _load_ideas() -> None:
    """Three published ideas with support; the first became a draft pilot project (programme office)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from modellkommune.core.models import Sector

    from .models import Idea
    from .services_idea import idea_moderate, idea_submit, idea_support, idea_to_project

    if Idea.objects.filter(title=IDEAS[0][1]).exists():
        return
    people = list(User.objects.filter(email__in=["erika.mustermann@example.org", "max.mustermann@example.org"]))
    programme_office = User.objects.filter(email="digital.team@iserlohn.example").first()
    if len(people) < 2 or programme_office is None:
        return
    try:
        for index, (sector, title, text) in enumerate(IDEAS):
            idea = idea_submit(
                user=people[index % 2],
                title=title,
                description=text,
                sector=Sector.objects.filter(code=sector).first(),
                show_name=index == 2,
            )
            idea_moderate(actor=programme_office, idea=idea, publish=True)
            idea_support(user=people[(index + 1) % 2], idea=idea)
            if index == 0:
                idea_to_project(actor=programme_office, idea=idea)
    except (PermissionDenied, ValidationError):
        return  # programme demo not loaded: no programme office to check ideas


SURVEY_DONE = "Wie erfahren Sie von Neuigkeiten aus dem Rathaus?"
SURVEY_OPEN = "Online-Terminbuchung im Bürgerbüro: Ihre Erfahrung"
CHANNELS = ["Tageszeitung", "Website der Stadt", "Soziale Medien", "Aushang", "Bekannte"]


def _load_surveys(office) -> None:
    """A closed survey with published results (responses written directly: the demo has few residents)
    and an open one that residents can answer."""
    import datetime as dt
    import random

    from django.utils import timezone

    from .models import Survey, SurveyResponse
    from .services_survey import survey_publish, survey_save

    if Survey.objects.filter(title=SURVEY_DONE).exists():
        return
    office = User.objects.get(pk=office.pk)
    now = timezone.now()
    done = survey_save(
        actor=office,
        data={
            "title": SURVEY_DONE,
            "intro": "Wir wollen wissen, wo wir Sie erreichen. Die Umfrage dauert eine Minute.",
            "starts_at": now - dt.timedelta(days=40),
            "ends_at": now + dt.timedelta(days=1),
            "schema": {
                "type": "object",
                "properties": {
                    "kanaele": {
                        "type": "array",
                        "title": "Wo erfahren Sie von Neuigkeiten aus dem Rathaus? (mehrere Antworten möglich)",
                        "items": {"type": "string", "enum": CHANNELS},
                    },
                    "newsletter": {"type": "boolean", "title": "Würden Sie einen E-Mail-Newsletter lesen?"},
                    "wunsch": {"type": "string", "title": "Was wünschen Sie sich?", "maxLength": 500},
                },
                "required": ["kanaele"],
            },
        },
    )
    survey_publish(actor=office, survey=done)
    rng = random.Random(7)  # noqa: S311 - reproducible demo answers, nothing secret
    responses = [
        SurveyResponse(
            survey=done,
            answers={"kanaele": rng.sample(CHANNELS, rng.randint(1, 3)), "newsletter": rng.random() < 0.6},
            day=(now - dt.timedelta(days=rng.randint(2, 39))).date(),
        )
        for _ in range(48)
    ]
    SurveyResponse.objects.bulk_create(responses)
    Survey.objects.filter(pk=done.pk).update(response_count=len(responses), ends_at=now - dt.timedelta(days=1))
    running = survey_save(
        actor=office,
        data={
            "title": SURVEY_OPEN,
            "intro": "Haben Sie schon einmal online einen Termin im Bürgerbüro gebucht? Sagen Sie uns, wie es war.",
            "starts_at": now - dt.timedelta(days=3),
            "ends_at": now + dt.timedelta(days=25),
            "schema": {
                "type": "object",
                "properties": {
                    "gebucht": {"type": "boolean", "title": "Haben Sie online einen Termin gebucht?"},
                    "zufriedenheit": {
                        "type": "integer",
                        "title": "Wie zufrieden waren Sie?",
                        "oneOf": [
                            {"const": 1, "title": "sehr zufrieden"},
                            {"const": 2, "title": "zufrieden"},
                            {"const": 3, "title": "weniger zufrieden"},
                            {"const": 4, "title": "unzufrieden"},
                        ],
                    },
                },
                "required": ["zufriedenheit"],
            },
        },
    )
    survey_publish(actor=office, survey=running)
