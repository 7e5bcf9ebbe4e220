"""OParl import: a round trip through our own API, and the known faults of vendors' servers."""

import json

import httpx
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from modellkommune.contrib.oparl.client import OParlClient, TemporaryError
from modellkommune.council import services
from modellkommune.council.importer import OParlImporter
from modellkommune.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    ImportState,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from modellkommune.council.pdf import simple_pdf
from modellkommune.council.tests.oparl_urls import local, urls_in

SYSTEM_URL = settings.SITE_URL + "/oparl/v1.1/"


def snapshot_api() -> dict[str, tuple[int, dict, bytes]]:
    """Everything our OParl API serves, fetched once, as url -> (status, headers, body)."""
    client = Client(HTTP_HOST="127.0.0.1")
    pages, queue = {}, [SYSTEM_URL]
    while queue:
        url = queue.pop()
        if url in pages or "/oparl/" not in url:
            continue
        response = client.get(local(url))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = (response.status_code, {"Content-Type": response["Content-Type"]}, body)
        if response["Content-Type"].startswith("application/json"):
            queue.extend(urls_in(json.loads(body)))
    return pages


def transport_for(pages, faults=None):
    faults = faults or {}

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url in faults:
            return faults[url](request)
        if url not in pages:
            return httpx.Response(404, json={"type": "https://schema.oparl.org/1.1/Error"})
        status, headers, body = pages[url]
        return httpx.Response(status, headers=headers, content=body)

    return httpx.MockTransport(handler)


def council_state() -> dict:
    """What a citizen can see, in a form independent of database ids."""
    return {
        "bodies": sorted(Body.objects.alive().values_list("name", "ags")),
        "terms": sorted(LegislativeTerm.objects.alive().values_list("name", "start_date")),
        "organizations": sorted(Organization.objects.public().values_list("name", "organization_type")),
        "persons": sorted(Person.objects.public().values_list("family_name", "given_name")),
        "memberships": sorted(
            Membership.objects.alive().values_list("person__family_name", "organization__name", "role")
        ),
        "meetings": sorted(Meeting.objects.public().values_list("name", "start", "cancelled")),
        "agenda_items": sorted(AgendaItem.objects.public().values_list("meeting__name", "number", "name", "result")),
        "papers": sorted(Paper.objects.public().values_list("reference", "name", "paper_type")),
        "consultations": sorted(
            Consultation.objects.alive().values_list("paper__reference", "meeting__name", "authoritative")
        ),
        "files": sorted(File.objects.public().values_list("name", "sha512", "size")),
    }


def wipe_council() -> None:
    """Empty the council tables (a hard purge: `delete()` on OParl models only marks as deleted)."""
    for model in (Consultation, AgendaItem, Paper, Meeting, Membership, Person, Organization):
        model.objects.all().hard_delete()
    for model in (LegislativeTerm, File, Location, Body):
        model.objects.all().hard_delete()
    ImportState.objects.all().delete()


@pytest.fixture
def exported(council, member, office):
    paper = services.paper_submit(
        actor=member,
        title="Sensoren für Schulräume",
        text="Antragstext",
        paper_type="Antrag",
        files=[("anlage.pdf", simple_pdf("Anlage", ["CO2-Ampeln"]))],
    )
    services.paper_register(actor=office, paper=paper)
    before = council_state()
    pages = snapshot_api()
    wipe_council()
    assert Paper.objects.count() == 0
    return before, pages


def test_round_trip_of_our_own_api_gives_the_same_objects(exported):
    before, pages = exported
    counts = OParlImporter(client=OParlClient(transport=transport_for(pages), backoff=0)).run(SYSTEM_URL)
    assert counts["Paper"] >= 3
    after = council_state()
    for key in before:
        assert after[key] == before[key], key
    imported = File.objects.get(name="anlage.pdf")
    assert imported.content and "CO2-Ampeln" in imported.text


def test_second_run_is_incremental_and_changes_nothing(exported):
    _before, pages = exported
    client = OParlClient(transport=transport_for(pages), backoff=0)
    OParlImporter(client=client).run(SYSTEM_URL)
    state = council_state()
    requested = []

    def recording(pages):
        inner = transport_for(pages)

        def handler(request):
            requested.append(str(request.url))
            return inner.handle_request(request)

        return httpx.MockTransport(handler)

    OParlImporter(client=OParlClient(transport=recording(pages), backoff=0)).run(SYSTEM_URL)
    assert council_state() == state
    assert any("modified_since=" in url for url in requested), "the second run asks only for changes"


def test_temporary_error_is_not_a_deletion_and_the_run_resumes(exported):
    _before, pages = exported
    paper_list = next(u for u in pages if u.endswith("/paper"))
    status, headers, body = pages[paper_list]
    first_page = json.loads(body)
    assert first_page["data"]
    # The first page arrives, the next request fails with 503 for good: the run stops with a
    # TemporaryError and remembers where it was; nothing imported so far is deleted.
    next_url = first_page["links"].get("next")
    faults = {}
    if next_url:
        faults[next_url] = lambda request: httpx.Response(503)
    else:
        faults[paper_list] = lambda request: httpx.Response(503)
    importer = OParlImporter(client=OParlClient(transport=transport_for(pages, faults), backoff=0, retries=2))
    with pytest.raises(TemporaryError):
        importer.run(SYSTEM_URL)
    imported_before_outage = Paper.objects.count()
    # The server is back: the run continues and ends complete.
    OParlImporter(client=OParlClient(transport=transport_for(pages), backoff=0)).run(SYSTEM_URL)
    assert Paper.objects.count() >= imported_before_outage
    assert Paper.objects.filter(deleted=True).count() == 0


def test_vendor_faults_are_tolerated_with_warnings(db, caplog):
    base = "https://ris.example.org/oparl/v1"
    body_url = f"{base}/body/1"
    pages = {
        f"{base}/": {"id": f"{base}/", "type": "https://schema.oparl.org/1.0/System", "body": f"{base}/bodies"},
        f"{base}/bodies": {
            "data": {  # an object where an array is expected
                "id": body_url,
                "name": "Stadt Beispielhausen\x07",  # a control character
                "organization": f"{base}/body/1/organizations",
                "person": f"{base}/body/1/people",
                "meeting": f"{base}/body/1/meetings",
                "paper": f"{base}/body/1/papers",
            },
            "links": {},
        },
        f"{base}/body/1/organizations": {
            "data": [{"id": f"{base}/org/1", "name": "Rat", "organizationType": "Gremium"}],  # no `type`
            "links": {},
        },
        f"{base}/body/1/papers": {
            "data": [{"id": f"{base}/paper/1", "name": "Vorlage ohne Typ", "reference": "V/1"}],
            "links": {"next": f"{base}/body/1/papers?page=2"},
        },
        # f"{base}/body/1/papers?page=2" answers 404 instead of an empty page; people likewise.
    }

    def handler(request):
        url = str(request.url)
        if url.split("?")[0] == f"{base}/body/1/meetings":
            return httpx.Response(200, content=b'{"data": [], "links": {}}\x01')
        if url in pages:
            return httpx.Response(200, content=json.dumps(pages[url]).encode())
        return httpx.Response(404)

    counts = OParlImporter(client=OParlClient(transport=httpx.MockTransport(handler), backoff=0)).run(f"{base}/")
    assert counts == {"Organization": 1, "Paper": 1}
    assert Body.objects.get().name == "Stadt Beispielhausen"
    assert Paper.objects.get().reference == "V/1"
    assert "vendor_fault" in caplog.text


def test_command_reports_progress_and_errors(exported, monkeypatch, capsys):
    _before, pages = exported
    monkeypatch.setattr(
        "modellkommune.council.management.commands.oparl_import.OParlClient",
        lambda: OParlClient(transport=transport_for(pages), backoff=0),
    )
    call_command("oparl_import", SYSTEM_URL)
    out = capsys.readouterr().out
    assert "Paper:" in out and "Import abgeschlossen" in out
