"""Demo: one § 24 suggestion through the whole council cycle, one waiting for the council office."""

from modellkommune.accounts.models import User
from modellkommune.council.constants import OrganizationType
from modellkommune.council.models import Organization

from .models import Suggestion
from .services import suggestion_decide, suggestion_register, suggestion_submit

DECIDED_TITLE = "Mehr Sitzbänke am Seilersee-Rundweg"
WAITING_TITLE = "Beleuchtung des Fußwegs zum Bahnhof Letmathe"


def load(stdout=None) -> None:
    if Suggestion.objects.filter(title__in=[DECIDED_TITLE, WAITING_TITLE]).exists():
        return
    citizen = User.objects.filter(email="erika.mustermann@example.org").first()
    office = User.objects.filter(email="ratsbuero@iserlohn.example").first()
    committee = (
        Organization.objects.filter(organization_type=OrganizationType.GREMIUM).exclude(classification="Rat").first()
    )
    if citizen is None or office is None:
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
    if stdout is not None:
        stdout.write("participation: 2 Anregungen/Beschwerden (eine entschieden, eine wartet)")
