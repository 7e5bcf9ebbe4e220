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
    if stdout is not None:
        stdout.write("participation: 2 Anregungen/Beschwerden, 1 Einwohnerantrag sammelt Unterstützung")


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
