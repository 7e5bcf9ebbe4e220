"""OParl never misses a change: every write path (admin, shell, delete) shows up under modified_since.

A client that synchronises with `modified_since` must see every edit, deletion and unpublishing,
and the parent of every embedded object that changed. Each object found is also checked against
the OParl 1.1 schema."""

import datetime as dt

import pytest
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)
from modellkommune.council.tests.admin_form import admin_change
from modellkommune.council.tests.oparl_urls import local
from modellkommune.council.tests.test_oparl_conformance import validate

# OParl type -> (model, list segment, a text field to edit in the admin and in the shell)
TYPES = {
    "Body": (Body, None, "name"),
    "LegislativeTerm": (LegislativeTerm, "legislativeterm", "name"),
    "Organization": (Organization, "organization", "name"),
    "Person": (Person, "person", "given_name"),
    "Membership": (Membership, "membership", "role"),
    "Meeting": (Meeting, "meeting", "name"),
    "AgendaItem": (AgendaItem, "agendaitem", "name"),
    "Paper": (Paper, "paper", "name"),
    "Consultation": (Consultation, "consultation", "role"),
    "File": (File, "file", "name"),
    "Location": (Location, "location", "description"),
}
ADMIN_URL = {name: f"/admin/council/{model._meta.model_name}/{{pk}}/change/" for name, (model, *_r) in TYPES.items()}


@pytest.fixture
def superuser_client(client, council):
    login_with_mfa(client, StaffFactory(is_superuser=True, email="betrieb@iserlohn.example"))
    return client


def sample(oparl_type: str):
    model = TYPES[oparl_type][0]
    if oparl_type == "AgendaItem":
        return model.objects.filter(consultations__isnull=False).first()
    if oparl_type == "Consultation":
        return model.objects.filter(agenda_item__isnull=False).first()
    if oparl_type == "File":
        return model.objects.filter(papers_main__isnull=False).first()
    return model.objects.filter(public=True).order_by("pk").first()


def crawl_changes(client, body_id: int, oparl_type: str, since: dt.datetime) -> dict[str, dict]:
    """Every object of one type a client gets when it asks for changes since `since`, by id."""
    segment = TYPES[oparl_type][1]
    url = f"/oparl/v1.1/body/{body_id}/{segment}" if segment else "/oparl/v1.1/body"
    url += "?" + "modified_since=" + since.isoformat().replace("+", "%2B")
    found = {}
    while url:
        response = client.get(local(url))
        assert response.status_code == 200, response.content[:300]
        data = response.json()
        for obj in data["data"]:
            if obj.get("deleted"):  # OParl: a deleted object is only id, type, created, modified, deleted
                assert set(obj) == {"id", "type", "created", "modified", "deleted"}, obj
            else:
                validate(obj)
            found[obj["id"]] = obj
        url = data["links"].get("next")
    return found


def oparl_id(oparl_type: str, pk: int) -> str:
    from modellkommune.council.api.urls_helpers import object_url

    return object_url(oparl_type, pk)


def seconds_ago(n: int = 2) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=n)


@pytest.mark.django_db
@pytest.mark.parametrize("oparl_type", list(TYPES))
def test_admin_edit_appears_in_modified_since(superuser_client, body_id, oparl_type):
    obj = sample(oparl_type)
    field = TYPES[oparl_type][2]
    value = "Vorberatung" if oparl_type == "Consultation" else "Geändert über die Verwaltungsoberfläche"
    since = seconds_ago()
    Type = type(obj)
    Type.objects.filter(pk=obj.pk).update(modified=since - dt.timedelta(days=3))  # long unchanged
    if oparl_type == "AgendaItem":  # edited as an inline of its meeting, like an operator does
        index = list(AgendaItem.objects.filter(meeting=obj.meeting).order_by("order").values_list("pk", flat=True))
        response = admin_change(
            superuser_client,
            ADMIN_URL["Meeting"].format(pk=obj.meeting_id),
            {f"agenda_items-{index.index(obj.pk)}-name": value},
        )
    else:
        response = admin_change(superuser_client, ADMIN_URL[oparl_type].format(pk=obj.pk), {field: value})
    assert response.status_code == 302, response.content.decode()[:3000]
    changed = crawl_changes(superuser_client, body_id, oparl_type, since)
    assert oparl_id(oparl_type, obj.pk) in changed
    shown = changed[oparl_id(oparl_type, obj.pk)]
    key = {"given_name": "givenName"}.get(field, field)
    assert shown[key] == value


@pytest.mark.django_db
@pytest.mark.parametrize("oparl_type", list(TYPES))
def test_shell_save_and_delete_appear_in_modified_since(client, council, body_id, oparl_type):
    obj = sample(oparl_type)
    field = TYPES[oparl_type][2]
    type(obj).objects.filter(pk=obj.pk).update(modified=timezone.now() - dt.timedelta(days=3))
    since = seconds_ago()
    obj.refresh_from_db()
    setattr(obj, field, "Vorberatung" if oparl_type == "Consultation" else "Im Shell geändert")
    obj.save()
    assert oparl_id(oparl_type, obj.pk) in crawl_changes(client, body_id, oparl_type, since)

    since = seconds_ago(1)
    obj.delete()
    assert type(obj).objects.filter(pk=obj.pk).exists(), "delete() keeps the row (soft delete)"
    changed = crawl_changes(client, body_id, oparl_type, since)
    assert changed[oparl_id(oparl_type, obj.pk)]["deleted"] is True
    detail = client.get(local(oparl_id(oparl_type, obj.pk)))
    assert detail.status_code == 200 and detail.json()["deleted"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("oparl_type", ["Paper", "Meeting", "Organization", "Person", "File"])
def test_admin_delete_is_soft_and_visible_to_clients(superuser_client, body_id, oparl_type):
    obj = sample(oparl_type)
    since = seconds_ago()
    url = ADMIN_URL[oparl_type].format(pk=obj.pk).replace("/change/", "/delete/")
    assert superuser_client.get(url).status_code == 200
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert type(obj).objects.get(pk=obj.pk).deleted
    changed = crawl_changes(superuser_client, body_id, oparl_type, since)
    assert changed[oparl_id(oparl_type, obj.pk)]["deleted"] is True
    assert superuser_client.get(local(oparl_id(oparl_type, obj.pk))).json()["deleted"] is True


@pytest.mark.django_db
def test_admin_bulk_delete_action_is_soft(superuser_client, body_id):
    papers = list(Paper.objects.filter(public=True).order_by("pk")[:2])
    response = superuser_client.post(
        "/admin/council/paper/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in papers], "post": "yes"},
    )
    assert response.status_code == 302
    assert Paper.objects.filter(pk__in=[p.pk for p in papers], deleted=True).count() == 2


@pytest.mark.django_db
def test_queryset_delete_is_soft_and_cascades_to_embedded_objects(client, council, body_id):
    meeting = Meeting.objects.filter(agenda_items__isnull=False).first()
    item_ids = list(meeting.agenda_items.values_list("pk", flat=True))
    since = seconds_ago()
    Meeting.objects.filter(pk=meeting.pk).delete()
    assert AgendaItem.objects.filter(pk__in=item_ids, deleted=True).count() == len(item_ids)
    changed = crawl_changes(client, body_id, "AgendaItem", since)
    for pk in item_ids:
        assert changed[oparl_id("AgendaItem", pk)]["deleted"] is True


@pytest.mark.django_db
def test_unpublished_objects_are_deleted_for_clients_and_not_referenced(client, council, body_id):
    item = AgendaItem.objects.filter(consultations__isnull=False, public=True).first()
    consultation = item.consultations.first()
    paper = consultation.paper
    AgendaItem.objects.filter(pk=item.pk).update(modified=timezone.now() - dt.timedelta(days=3))
    since = seconds_ago()
    paper.public = False
    paper.save()
    # The paper and its consultation stay reachable, as deleted.
    assert client.get(f"/oparl/v1.1/paper/{paper.pk}").json()["deleted"] is True
    assert client.get(f"/oparl/v1.1/consultation/{consultation.pk}").json()["deleted"] is True
    # The agenda item no longer points at the vanished consultation, and clients learn about it.
    shown = client.get(f"/oparl/v1.1/agendaitem/{item.pk}").json()
    assert "consultation" not in shown
    assert oparl_id("AgendaItem", item.pk) in crawl_changes(client, body_id, "AgendaItem", since)
    meeting = crawl_changes(client, body_id, "Meeting", since)[oparl_id("Meeting", item.meeting_id)]
    embedded = next(a for a in meeting["agendaItem"] if a["id"] == oparl_id("AgendaItem", item.pk))
    assert "consultation" not in embedded
    assert crawl_changes(client, body_id, "Paper", since)[oparl_id("Paper", paper.pk)]["deleted"] is True
    # The plain list shows it no more.
    plain = client.get(f"/oparl/v1.1/body/{body_id}/paper?limit=500").json()["data"]
    assert oparl_id("Paper", paper.pk) not in {o["id"] for o in plain}


@pytest.mark.django_db
def test_never_published_objects_stay_unknown(client, council, member):
    from modellkommune.council.services import paper_submit

    draft = paper_submit(actor=member, title="Entwurf", text="Noch intern", paper_type="Antrag")
    draft.name = "Entwurf, überarbeitet"
    draft.save()
    assert client.get(f"/oparl/v1.1/paper/{draft.pk}").status_code == 404


@pytest.mark.django_db
def test_ending_a_membership_bumps_the_person(client, council, body_id):
    membership = Membership.objects.filter(end_date__isnull=True).first()
    Person.objects.filter(pk=membership.person_id).update(modified=timezone.now() - dt.timedelta(days=3))
    since = seconds_ago()
    membership.end_date = timezone.localdate()
    membership.save()
    person = crawl_changes(client, body_id, "Person", since)[oparl_id("Person", membership.person_id)]
    embedded = next(m for m in person["membership"] if m["id"] == oparl_id("Membership", membership.pk))
    assert embedded["endDate"] == timezone.localdate().isoformat()


@pytest.mark.django_db
def test_attaching_minutes_and_files_bumps_the_meeting(client, council, body_id, office):
    from modellkommune.council.pdf import simple_pdf
    from modellkommune.council.services import file_create

    meeting = Meeting.objects.filter(public=True).first()
    Meeting.objects.filter(pk=meeting.pk).update(modified=timezone.now() - dt.timedelta(days=3))
    since = seconds_ago()
    minutes = file_create(name="Niederschrift", content=simple_pdf("Niederschrift", ["TOP 1"]), actor=office)
    meeting.results_protocol = minutes
    meeting.save()
    shown = crawl_changes(client, body_id, "Meeting", since)[oparl_id("Meeting", meeting.pk)]
    assert shown["resultsProtocol"]["id"] == oparl_id("File", minutes.pk)

    Meeting.objects.filter(pk=meeting.pk).update(modified=timezone.now() - dt.timedelta(days=3))
    since = seconds_ago(1)
    extra = file_create(name="Anwesenheitsliste", content=simple_pdf("Anwesenheit", ["alle"]), actor=office)
    meeting.auxiliary_files.add(extra)  # a relation only: no save() of the meeting
    assert oparl_id("Meeting", meeting.pk) in crawl_changes(client, body_id, "Meeting", since)

    Meeting.objects.filter(pk=meeting.pk).update(modified=timezone.now() - dt.timedelta(days=3))
    since = seconds_ago(1)
    minutes.name = "Niederschrift (berichtigt)"
    minutes.save()  # the embedded file changed: the meeting's JSON changed
    shown = crawl_changes(client, body_id, "Meeting", since)[oparl_id("Meeting", meeting.pk)]
    assert shown["resultsProtocol"]["name"] == "Niederschrift (berichtigt)"


@pytest.mark.django_db
def test_purge_command_removes_only_long_deleted_rows(council):
    from django.core.management import call_command

    old, recent = Paper.objects.filter(public=True).order_by("pk")[:2]
    old.delete()
    recent.delete()
    Paper.objects.filter(pk=old.pk).update(modified=timezone.now() - dt.timedelta(days=400))
    call_command("oparl_purge", "--older-than-days", "365")
    assert not Paper.objects.filter(pk=old.pk).exists()
    assert Paper.objects.filter(pk=recent.pk, deleted=True).exists()


@pytest.mark.django_db
def test_admin_delete_confirmation_promises_no_cascade_and_needs_no_other_rights(client, council):
    from django.contrib.auth.models import Permission

    operator = StaffFactory(email="betrieb.rat@iserlohn.example", is_superuser=False)
    operator.user_permissions.add(*Permission.objects.filter(codename__in=["view_meeting", "delete_meeting"]))
    login_with_mfa(client, operator)
    meeting = Meeting.objects.filter(agenda_items__isnull=False).first()
    page = client.get(f"/admin/council/meeting/{meeting.pk}/delete/").content.decode()
    assert "Tagesordnungspunkt" not in page  # no cascade listed, no missing rights on agenda items
    assert client.post(f"/admin/council/meeting/{meeting.pk}/delete/", {"post": "yes"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.deleted and meeting.agenda_items.filter(deleted=False).count() == 0


@pytest.mark.django_db
def test_republishing_after_refresh_is_seen_by_whoever_references_it(client, council, body_id):
    item = AgendaItem.objects.filter(consultations__isnull=False, public=True).first()
    paper = item.consultations.first().paper
    Paper.objects.filter(pk=paper.pk).update(public=False)
    paper.refresh_from_db()
    AgendaItem.objects.filter(pk=item.pk).update(modified=timezone.now() - dt.timedelta(days=3))
    since = seconds_ago()
    paper.public = True
    paper.save()
    changed = crawl_changes(client, body_id, "AgendaItem", since)
    assert "consultation" in changed[oparl_id("AgendaItem", item.pk)]
