"""Importer against vendor pages with faults (testdata/oparl/vendor): raw control characters, tombstones."""

import json
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from modellkommune.contrib.oparl.client import OParlClient
from modellkommune.council.importer import OParlImporter
from modellkommune.council.models import AgendaItem, ImportState, Meeting

VENDOR = Path(settings.BASE_DIR) / "testdata" / "oparl" / "vendor"
BASE = "https://ris.example.org/oparl/v1"


def server(meeting_pages: dict[str, bytes]):
    """A vendor server: system, one body, one organization, and the given meeting list pages."""
    fixed = {
        f"{BASE}/": {"id": f"{BASE}/", "type": "https://schema.oparl.org/1.0/System", "body": f"{BASE}/bodies"},
        f"{BASE}/bodies": {
            "data": [
                {
                    "id": f"{BASE}/body/1",
                    "type": "https://schema.oparl.org/1.0/Body",
                    "name": "Stadt Beispielhausen",
                    "organization": f"{BASE}/body/1/organization",
                    "meeting": f"{BASE}/body/1/meeting",
                }
            ],
            "links": {},
        },
        f"{BASE}/body/1/organization": {
            "data": [{"id": f"{BASE}/organization/1", "name": "Rat", "organizationType": "Gremium"}],
            "links": {},
        },
    }

    def handler(request):
        url = str(request.url)
        if url in fixed:
            return httpx.Response(200, content=json.dumps(fixed[url]).encode())
        key = url.split("&modified_since=")[0].split("?modified_since=")[0]
        if "modified_since=" in url:
            key += "?changes"
        if key in meeting_pages:
            return httpx.Response(200, content=meeting_pages[key])
        if "modified_since=" in url:
            return httpx.Response(200, content=b'{"data": [], "links": {}}')
        return httpx.Response(404)

    return OParlClient(transport=httpx.MockTransport(handler), backoff=0)


def first_run_pages():
    return {
        f"{BASE}/body/1/meeting": (VENDOR / "meeting-page-1-raw-tab.json").read_bytes(),
        f"{BASE}/body/1/meeting?page=2": (VENDOR / "meeting-page-2.json").read_bytes(),
    }


@pytest.mark.django_db
def test_raw_tab_and_newline_in_strings_are_repaired_and_the_import_goes_on(caplog):
    counts = OParlImporter(client=server(first_run_pages()), download_files=False).run(f"{BASE}/")
    assert counts["Meeting"] == 3  # both pages, not stopped at the faulty first one
    assert Meeting.objects.get(external_id=f"{BASE}/meeting/1").name == "Sitzung des Rates\tJanuar"
    assert AgendaItem.objects.filter(name="Haushalt\n2027").exists()
    assert "raw_control_character_in_string" in caplog.text
    state = ImportState.objects.get(list_url=f"{BASE}/body/1/meeting")
    assert state.next_url == "" and state.last_completed is not None


@pytest.mark.django_db
def test_tombstones_of_deleted_vendor_meetings_delete_them_here_too(client):
    OParlImporter(client=server(first_run_pages()), download_files=False).run(f"{BASE}/")
    gone = Meeting.objects.get(external_id=f"{BASE}/meeting/2")
    assert client.get(f"/oparl/v1.1/meeting/{gone.pk}").json().get("deleted") is None

    changes = first_run_pages() | {
        f"{BASE}/body/1/meeting?changes": (VENDOR / "meeting-changes-tombstone.json").read_bytes()
    }
    counts = OParlImporter(client=server(changes), download_files=False).run(f"{BASE}/")
    assert counts.get("deleted") == 1
    gone.refresh_from_db()
    assert gone.deleted
    assert not AgendaItem.objects.filter(meeting=gone, deleted=False).exists()
    assert client.get(f"/oparl/v1.1/meeting/{gone.pk}").json()["deleted"] is True
    assert gone.pk not in [m.pk for m in Meeting.objects.public()], (
        "the public pages no longer show the deleted meeting"
    )
    # The other meetings are untouched.
    assert Meeting.objects.filter(deleted=False).count() == 2


@pytest.mark.django_db
def test_second_run_without_changes_leaves_modified_alone():
    OParlImporter(client=server(first_run_pages()), download_files=False).run(f"{BASE}/")
    before = dict(Meeting.objects.values_list("pk", "modified"))
    # A source that answers modified_since with every object again (some do) changes nothing here.
    again = first_run_pages() | {f"{BASE}/body/1/meeting?changes": (VENDOR / "meeting-page-2.json").read_bytes()}
    OParlImporter(client=server(again), download_files=False).run(f"{BASE}/")
    assert dict(Meeting.objects.values_list("pk", "modified")) == before
