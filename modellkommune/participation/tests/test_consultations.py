"""Consultations (Beteiligungsverfahren): prepared and published by the administration, commented by
residents (with a place on the map), moderated against the code of conduct, summed up, and registered by
the council office as a Mitteilung, which makes the result an OParl paper of the deciding body."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from modellkommune.accounts.tests.factories import StaffFactory, UserFactory
from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.council.constants import OrganizationType, PaperType
from modellkommune.council.models import Organization
from modellkommune.egov.models import Message
from modellkommune.participation.constants import CommentStatus, ConsultationStatus
from modellkommune.participation.models import Consultation, ConsultationComment
from modellkommune.participation.services_consultation import (
    comment_moderate,
    comment_submit,
    consultation_publish,
    consultation_register,
    consultation_save,
    consultation_summarise,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def manager(council):
    user = StaffFactory(email="beteiligung@iserlohn.example")
    user.user_permissions.add(
        Permission.objects.get(codename="manage_consultations", content_type__app_label="participation")
    )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def committee(council):
    return Organization.objects.filter(organization_type=OrganizationType.GREMIUM).exclude(classification="Rat").first()


def _data(committee, **overrides):
    now = timezone.now()
    data = {
        "title": "Neugestaltung Schillerplatz",
        "summary": "Wie soll der Schillerplatz künftig aussehen?",
        "text": "",
        "starts_at": now - dt.timedelta(days=1),
        "ends_at": now + dt.timedelta(days=14),
        "with_map": True,
        "deciding_body": committee,
    }
    data.update(overrides)
    return data


@pytest.fixture
def open_consultation(manager, committee):
    consultation = consultation_save(actor=manager, data=_data(committee))
    return consultation_publish(actor=manager, consultation=consultation)


def test_the_whole_cycle_through_the_back_office_ends_as_an_oparl_mitteilung(
    client, manager, office, committee, municipality, django_capture_on_commit_callbacks
):
    login_with_mfa(client, manager)
    now = timezone.localtime()
    form = {
        "title": "Neugestaltung Schillerplatz",
        "summary": "Wie soll der Schillerplatz künftig aussehen?",
        "starts_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        "deciding_body": committee.pk,
        "with_map": "on",
    }
    response = client.post("/verwaltung/beteiligung/verfahren/neu/", form)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert client.get(f"/beteiligung/verfahren/{consultation.pk}/").status_code == 404  # a draft is not public
    client.post(f"/verwaltung/beteiligung/verfahren/{consultation.pk}/", {"action": "publish"})
    from io import BytesIO

    upload = BytesIO(PDF)
    upload.name = "plan.pdf"
    client.post(
        f"/verwaltung/beteiligung/verfahren/{consultation.pk}/",
        {"action": "document", "document-title": "Entwurf", "title": "Entwurfsplan", "file": upload},
    )
    document = consultation.documents.get()
    assert client.get(document.file.url).status_code == 200

    citizen = UserFactory(email="anwohnerin@example.org", first_name="Anna", last_name="Anwohner")
    client.logout()
    public = client.get(f"/beteiligung/verfahren/{consultation.pk}/")
    assert public.status_code == 200 and "Bitte melden Sie sich an" in public.content.decode()
    client.force_login(citizen)
    response = client.post(
        f"/beteiligung/verfahren/{consultation.pk}/",
        {"text": "Mehr Bäume und Schatten, bitte.", "lat": "51.3762", "lon": "7.6961", "conduct": "on"},
    )
    assert response.status_code == 302
    comment = ConsultationComment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.has_place
    page = client.get(f"/beteiligung/verfahren/{consultation.pk}/").content.decode()
    assert "wartet auf Freigabe" in page  # the author sees their own pending comment
    client.logout()
    assert "Mehr Bäume" not in client.get(f"/beteiligung/verfahren/{consultation.pk}/").content.decode()

    login_with_mfa(client, manager)
    response = client.post(
        f"/verwaltung/beteiligung/verfahren/{consultation.pk}/beitraege/1/",
        {"decision": "publish", "answer": "Danke, wir prüfen Baumstandorte."},
    )
    assert response.status_code == 302
    assert Message.objects.filter(recipient=citizen, subject__contains="veröffentlicht").exists()
    client.logout()
    page = client.get(f"/beteiligung/verfahren/{consultation.pk}/").content.decode()
    assert "Mehr Bäume" in page and "Danke, wir prüfen Baumstandorte." in page and "Beitrag 1" in page
    assert "Anna" not in page  # pseudonymous by default

    Consultation.objects.filter(pk=consultation.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    login_with_mfa(client, manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/verwaltung/beteiligung/verfahren/{consultation.pk}/",
            {"action": "result", "result": "Viele wünschen mehr Grün und Schatten."},
        )
    assert response.status_code == 302
    assert Message.objects.filter(recipient=office, subject__contains="Ergebnis einer Bürgerbeteiligung").exists()

    login_with_mfa(client, office)
    response = client.post(f"/verwaltung/beteiligung/verfahren/{consultation.pk}/", {"action": "register"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    paper = consultation.result_paper
    assert consultation.status == ConsultationStatus.REGISTERED
    assert paper.paper_type == PaperType.MITTEILUNG and paper.public
    assert "Viele wünschen mehr Grün" in paper.text and "1 veröffentlichte Beiträge" in paper.text
    client.logout()
    oparl = client.get(f"/oparl/v1.1/paper/{paper.pk}").json()
    assert oparl["paperType"] == "Mitteilung"
    consultations = (
        [client.get(url).json() for url in oparl["consultation"]]
        if isinstance(oparl["consultation"][0], str)
        else oparl["consultation"]
    )
    assert consultations[0]["role"] == "Kenntnisnahme" and consultations[0]["authoritative"] is False
    assert "Viele wünschen mehr Grün" in client.get(f"/beteiligung/verfahren/{consultation.pk}/").content.decode()


def test_rejection_names_the_reason_to_the_author_and_the_public_never_sees_it(open_consultation, manager):
    author = UserFactory(email="laut@example.org")
    comment = comment_submit(
        user=author, consultation=open_consultation, text="Werbung: Parkplätze mieten!", conduct=True
    )
    with pytest.raises(ValidationError):
        comment_moderate(actor=manager, comment=comment, publish=False, reason="")
    comment_moderate(actor=manager, comment=comment, publish=False, reason="advertising")
    message = Message.objects.get(recipient=author)
    assert "Werbung oder kommerzieller Inhalt" in message.body
    from modellkommune.participation.selectors_consultation import comments_public

    assert not comments_public(consultation=open_consultation).exists()


def test_comments_only_while_open_with_conduct_inside_the_town_and_signed_in(open_consultation, manager, committee):
    author = UserFactory(email="a@example.org")
    with pytest.raises(ValidationError) as conduct:
        comment_submit(user=author, consultation=open_consultation, text="Hallo", conduct=False)
    assert "conduct" in conduct.value.message_dict
    with pytest.raises(ValidationError) as outside:
        comment_submit(user=author, consultation=open_consultation, text="Hallo", lat=52.52, lon=13.40, conduct=True)
    assert "außerhalb" in " ".join(outside.value.message_dict["lat"])
    with pytest.raises(ValidationError):
        comment_submit(user=author, consultation=open_consultation, text="<script>x</script>", conduct=True)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        comment_submit(user=AnonymousUser(), consultation=open_consultation, text="Hallo", conduct=True)
    later = consultation_publish(
        actor=manager,
        consultation=consultation_save(
            actor=manager,
            data=_data(
                committee,
                starts_at=timezone.now() + dt.timedelta(days=3),
                ends_at=timezone.now() + dt.timedelta(days=9),
            ),
        ),
    )
    with pytest.raises(ValidationError):
        comment_submit(user=author, consultation=later, text="Zu früh", conduct=True)
    assert ConsultationComment.objects.count() == 0


def test_an_open_consultation_can_be_extended_but_never_shortened(open_consultation, manager, committee):
    data = _data(
        committee, starts_at=open_consultation.starts_at, ends_at=open_consultation.ends_at - dt.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        consultation_save(actor=manager, consultation=open_consultation, data=data)
    data["ends_at"] = open_consultation.ends_at + dt.timedelta(days=7)
    assert consultation_save(actor=manager, consultation=open_consultation, data=data).ends_at == data["ends_at"]


def test_who_may_do_what(client, open_consultation, manager, office):
    citizen = UserFactory(email="b@example.org")
    other_staff = StaffFactory(email="tiefbau@iserlohn.example")
    for actor in (citizen, other_staff):
        with pytest.raises(PermissionDenied):
            consultation_save(actor=actor, data={})
    login_with_mfa(client, other_staff)
    assert client.get("/verwaltung/beteiligung/verfahren/").status_code == 403
    assert client.get(f"/verwaltung/beteiligung/verfahren/{open_consultation.pk}/").status_code == 403
    comment = comment_submit(user=manager, consultation=open_consultation, text="Eigener Beitrag", conduct=True)
    with pytest.raises(PermissionDenied):  # nobody moderates their own comment
        comment_moderate(actor=manager, comment=comment, publish=True)
    with pytest.raises(PermissionDenied):  # only the council office registers papers
        consultation_register(actor=manager, consultation=open_consultation)
    with pytest.raises(ValidationError):  # a summary only after the comment phase
        consultation_summarise(actor=manager, consultation=open_consultation, result="Zu früh")


def test_bad_input_gets_a_clear_error_and_no_500(client, open_consultation, manager):
    client.force_login(UserFactory(email="c@example.org"))
    url = f"/beteiligung/verfahren/{open_consultation.pk}/"
    response = client.post(url, {"text": "", "lat": "51.37", "conduct": "on"})
    assert response.status_code == 400
    assert "Breite und Länge" in response.content.decode()
    assert client.post(url, {"text": "x", "lat": "nan", "lon": "inf", "conduct": "on"}).status_code == 400
    assert client.get("/beteiligung/verfahren/999999/").status_code == 404
    login_with_mfa(client, manager)
    base = f"/verwaltung/beteiligung/verfahren/{open_consultation.pk}/"
    assert client.post(base, {"action": "unknown"}).status_code == 400
    assert client.post(base, {"action": "document_remove", "document": "abc"}).status_code in (400, 404)
    assert client.post(f"{base}beitraege/77/", {"decision": "publish"}).status_code == 404
    from io import BytesIO

    fake = BytesIO(b"MZ not a pdf")
    fake.name = "plan.pdf"
    response = client.post(base, {"action": "document", "title": "Plan", "file": fake})
    assert response.status_code == 400 and not open_consultation.documents.exists()


def test_comments_in_my_data_and_erased_with_the_account(open_consultation, manager):
    from modellkommune.participation.privacy import personal_data_erase, personal_data_export

    author = UserFactory(email="d@example.org", first_name="Dora", last_name="Daten")
    published = comment_submit(
        user=author, consultation=open_consultation, text="Öffentlich", show_name=True, conduct=True
    )
    comment_moderate(actor=manager, comment=published, publish=True)
    comment_submit(user=author, consultation=open_consultation, text="Noch offen", conduct=True)
    exported = personal_data_export(user=author)["beitraege_in_beteiligungsverfahren"]
    assert {c["text"] for c in exported} == {"Öffentlich", "Noch offen"}
    personal_data_erase(user=author)
    published.refresh_from_db()
    assert published.author is None and published.author_name == "" and not published.show_name
    assert ConsultationComment.objects.count() == 1


def test_published_comments_with_place_are_on_the_map_named_after_their_number(client, open_consultation, manager):
    author = UserFactory(email="e@example.org")
    comment = comment_submit(
        user=author, consultation=open_consultation, text="Hier", lat=51.3762, lon=7.6961, conduct=True
    )
    comment_moderate(actor=manager, comment=comment, publish=True)
    page = client.get(f"/beteiligung/verfahren/{open_consultation.pk}/").content.decode()
    assert 'id="consultation-places"' in page and '"lat": 51.3762' in page
    assert 'id="beitrag-1"' in page
    assert len(mail.outbox) >= 0  # notifications go to the mailbox (with an e-mail hint)


def test_participation_statistics_are_open_data_without_texts_or_persons(open_consultation, manager):
    from modellkommune.opendata.registry import dataset_spec_get

    author = UserFactory(email="f@example.org", first_name="Fritz", last_name="Geheim")
    comment = comment_submit(
        user=author, consultation=open_consultation, text="Geheimer Text", show_name=True, conduct=True
    )
    comment_moderate(actor=manager, comment=comment, publish=True)
    spec = dataset_spec_get("beteiligung-statistik")
    assert spec is not None
    rows = list(spec.table("verfahren").rows())
    assert rows == [["Neugestaltung Schillerplatz", *rows[0][1:3], 1, 0, 0, ""]]
    flat = repr(rows) + repr(list(spec.table("eingaben").rows()))
    assert "Geheim" not in flat and "Fritz" not in flat


def test_comment_authors_are_forgotten_after_the_retention_period(open_consultation, manager, settings):
    from modellkommune.participation.services_consultation import comments_retention_enforce

    author = UserFactory(email="g@example.org", first_name="Gerda")
    comment = comment_submit(user=author, consultation=open_consultation, text="Alt", show_name=True, conduct=True)
    comment_moderate(actor=manager, comment=comment, publish=True)
    Consultation.objects.filter(pk=open_consultation.pk).update(
        status=ConsultationStatus.REGISTERED, summarised_at=timezone.now() - dt.timedelta(days=400)
    )
    settings.PARTICIPATION_RETENTION_DAYS = 365
    assert comments_retention_enforce() == {"comments_anonymised": 1}
    comment.refresh_from_db()
    assert comment.author is None and comment.author_name == "" and comment.text == "Alt"
    assert comments_retention_enforce() == {"comments_anonymised": 0}


def test_the_paper_is_chosen_by_its_number_from_every_public_paper_not_a_short_list(client, manager, committee):
    from modellkommune.council.models import Paper

    body = committee.body
    old = Paper.objects.create(body=body, name="Alter Bebauungsplan Nr. 7", reference="2019/0007", public=True)
    Paper.objects.bulk_create(
        [Paper(body=body, name=f"Vorlage {n}", reference=f"2026/{n:04d}", public=True) for n in range(1, 260)]
    )
    login_with_mfa(client, manager)
    page = client.get("/verwaltung/beteiligung/verfahren/neu/").content.decode()
    assert 'list="paper-suggestions"' in page and '<datalist id="paper-suggestions">' in page
    now = timezone.localtime()
    form = {
        "title": "Bebauungsplan Nr. 7, Änderung",
        "summary": "Ihre Meinung zur Änderung.",
        "starts_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        "deciding_body": committee.pk,
        "paper": "2099/9999",
    }
    response = client.post("/verwaltung/beteiligung/verfahren/neu/", form)
    assert (
        response.status_code == 400
        and "Keine öffentliche Drucksache mit der Nummer „2099/9999“" in response.content.decode()
    )
    assert not Consultation.objects.exists()
    form["paper"] = " 2019/0007 "  # older than the newest 250, with stray blanks
    assert client.post("/verwaltung/beteiligung/verfahren/neu/", form).status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.paper == old
    edit = client.get(f"/verwaltung/beteiligung/verfahren/{consultation.pk}/bearbeiten/").content.decode()
    assert 'value="2019/0007"' in edit
