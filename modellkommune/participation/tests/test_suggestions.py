"""§ 24 GO NRW end to end: a resident writes to the council, the council office registers the suggestion
as a council paper, hands it to a committee and tells the decision; the petitioner hears every step."""

import datetime as dt
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council.constants import OrganizationType, PaperType
from modellkommune.council.models import Organization, Paper

from ..constants import SuggestionStatus
from ..models import Suggestion
from ..services import suggestions_retention_enforce

CREATE = "/beteiligung/anregung/"


def _data(**extra):
    data = {
        "kind": "anregung",
        "title": "Mehr Bänke am Seilersee",
        "text": "Am Rundweg fehlen Sitzgelegenheiten für ältere Menschen.",
        "name": "Erika Beispiel",
        "email": "erika.beispiel@example.org",
        "publish": "on",
    }
    data.update(extra)
    return data


def _link(body: str, part: str) -> str:
    return re.search(rf"https?://[^/\s]+(/beteiligung/{part}/\S+/)", body).group(1)


def test_a_suggestion_goes_through_the_whole_council_cycle(client, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE, _data())
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{suggestion.token}/?neu=1")
    assert suggestion.status == SuggestionStatus.UNCONFIRMED
    confirm = _link(mail.outbox[-1].body, "bestaetigen")
    assert client.get(confirm).status_code == 200  # a mail scanner's GET confirms nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.RECEIVED
    recipients = {m.to[0] for m in mail.outbox}
    assert "buero@iserlohn.example" in recipients  # the council office is told that a submission waits
    assert "erika.beispiel@example.org" in recipients  # and the petitioner that it arrived

    committee = Organization.objects.filter(organization_type=OrganizationType.GREMIUM).first()
    login_with_mfa(client, office)
    manage = reverse("participation:backoffice_suggestion", args=[suggestion.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage, {"action": "register", "register-committee": committee.pk})
    suggestion.refresh_from_db()
    paper = suggestion.paper
    assert suggestion.status == SuggestionStatus.ASSIGNED and suggestion.committee == committee
    assert paper.paper_type == PaperType.ANREGUNG and paper.reference.startswith("AB/")
    assert paper.public and "eine Einwohnerin oder ein Einwohner" in paper.text  # no name without consent
    assert "Erika Beispiel" not in paper.text
    assert paper.consultations.get().organizations.get() == committee
    assert any(paper.reference in m.body for m in mail.outbox)

    oparl = client.get(f"/oparl/v1.1/paper/{paper.pk}").json()
    assert oparl["paperType"] == "Anregung oder Beschwerde" and oparl["consultation"]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage, {"action": "decide", "decide-decision": "Der Ausschuss stellt zehn Bänke auf."})
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DECIDED
    [decision_mail] = mail.outbox
    assert decision_mail.to == ["erika.beispiel@example.org"] and "zehn Bänke" in decision_mail.body

    client.logout()
    track = client.get(reverse("participation:suggestion_track", args=[suggestion.token])).content.decode()
    for step in ("eingegangen beim Ratsbüro", "als Drucksache registriert", "Ausschuss überwiesen", "zehn Bänke"):
        assert step in track
    public = client.get("/beteiligung/").content.decode()
    assert paper.reference in public and "Erika Beispiel" not in public


def test_name_is_published_only_with_consent_and_unpublished_ones_stay_internal(client, office):
    login_with_mfa(client, UserFactory(email="max@example.org", first_name="Max", last_name="Muster"))
    client.post(CREATE, _data(show_name="on", title="Mit Namen"))
    client.post(CREATE, _data(publish="", title="Vertraulich"))
    named, private = Suggestion.objects.get(title="Mit Namen"), Suggestion.objects.get(title="Vertraulich")
    assert named.status == private.status == SuggestionStatus.RECEIVED  # signed in: no confirmation mail
    login_with_mfa(client, office)
    for s in (named, private):
        client.post(reverse("participation:backoffice_suggestion", args=[s.pk]), {"action": "register"})
    named.refresh_from_db()
    private.refresh_from_db()
    assert "Erika Beispiel" in named.paper.text
    assert not private.paper.public
    client.logout()
    assert client.get(f"/oparl/v1.1/paper/{private.paper.pk}").status_code == 404
    assert "Vertraulich" not in client.get("/beteiligung/").content.decode()


def test_only_the_council_office_handles_submissions(client, office, council):
    suggestion = Suggestion.objects.create(title="x", text="y", email="a@example.org", status="received")
    url = reverse("participation:backoffice_suggestion", args=[suggestion.pk])
    assert client.get(url).status_code == 302  # login first
    login_with_mfa(client, StaffFactory(email="tiefbau@iserlohn.example"))
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "register"}).status_code == 403
    assert not Paper.objects.filter(paper_type=PaperType.ANREGUNG).exists()


def test_bad_input_is_refused_clearly_and_submissions_are_rate_limited(client, council):
    response = client.post(CREATE, _data(text="<script>alert(1)</script>", email="kein-mail"))
    html = response.content.decode()
    assert response.status_code == 400 and "gültige E-Mail-Adresse" in html
    response = client.post(CREATE, _data(text="<b>fett</b>"))
    assert response.status_code == 400 and "ohne HTML" in response.content.decode()
    assert client.post(CREATE, _data(website="http://spam.example")).status_code == 400
    assert not Suggestion.objects.exists()
    for i in range(5):
        assert client.post(CREATE, _data(title=f"Nr. {i}", email="viel@example.org")).status_code == 302
    response = client.post(CREATE, _data(title="Nr. 6", email="viel@example.org"))  # 5 per address and day
    assert response.status_code == 400 and "Zu viele Eingaben" in response.content.decode()


def test_retention_deletes_unconfirmed_and_anonymises_closed_ones(council, settings):
    settings.PARTICIPATION_RETENTION_DAYS = 30
    old = timezone.now() - dt.timedelta(days=40)
    stale = Suggestion.objects.create(title="alt", text="t", email="x@example.org")
    Suggestion.objects.filter(pk=stale.pk).update(created=old)
    closed = Suggestion.objects.create(
        title="zu", text="t", name="Erika", email="e@example.org", status="decided", decided_at=old
    )
    recent = Suggestion.objects.create(
        title="neu", text="t", name="Max", email="m@example.org", status="decided", decided_at=timezone.now()
    )
    assert suggestions_retention_enforce() == {"deleted": 1, "anonymised": 1}
    closed.refresh_from_db()
    recent.refresh_from_db()
    assert (closed.name, closed.email, closed.anonymised_at is not None) == ("", "", True)
    assert recent.email == "m@example.org"
    assert not Suggestion.objects.filter(pk=stale.pk).exists()


def test_my_data_lists_and_deletion_removes_the_petitioner(client, council):
    from modellkommune.core.privacy import privacy_modules

    user = UserFactory(email="petentin@example.org")
    Suggestion.objects.create(title="Meins", text="t", name="Petra", email="petentin@example.org", user=user)
    other = Suggestion.objects.create(title="Fremd", text="t", name="Otto", email="otto@example.org")
    exported = {}
    for module in privacy_modules():
        exported.update(module.personal_data_export(user=user))
    assert [s["betreff"] for s in exported["anregungen_und_beschwerden"]] == ["Meins"]
    from ..privacy import personal_data_erase

    personal_data_erase(user=user)
    mine = Suggestion.objects.get(title="Meins")
    assert (mine.name, mine.email, mine.user) == ("", "", None)
    other.refresh_from_db()
    assert other.email == "otto@example.org"
