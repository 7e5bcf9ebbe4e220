"""The administration's answer to a motion without the Django admin (issue 13): the council office hands
the motion to a department, a member of the department writes the report with files, a second person of
the department releases it, then it is a public paper linked to the motion and everybody waiting is told."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from modellkommune.accounts.tests.utils import login_with_mfa
from modellkommune.core.models import AuditLogEntry, Department
from modellkommune.council import services, services_reports
from modellkommune.council.constants import OrganizationType, PaperStatus, PaperType, ReportState
from modellkommune.council.models import Paper, Report
from modellkommune.council.pdf import simple_pdf
from modellkommune.egov.models import Message

pytestmark = pytest.mark.django_db


def _user(email):
    from modellkommune.accounts.models import User

    return User.objects.get(email=email)


@pytest.fixture
def writer(council):
    return _user("digital.team@iserlohn.example")


@pytest.fixture
def reviewer(council):
    return _user("digital.leitung@iserlohn.example")


@pytest.fixture
def other_department(council):
    return _user("strassen.team@iserlohn.example")


@pytest.fixture
def digital(council):
    return Department.objects.get(name="Digitalisierung und IT")


@pytest.fixture
def motion(member, office, digital):
    paper = services.paper_submit(
        actor=member,
        title="Digitale Schulwegpläne",
        text="Die Verwaltung möge digitale Schulwegpläne erstellen.",
        paper_type="Antrag",
        files=[("schulweg.pdf", simple_pdf("Antrag", ["Schulwegplan"]))],
    )
    services.paper_register(actor=office, paper=paper)
    services_reports.paper_assign_department(actor=office, paper=paper, department=digital)
    paper.refresh_from_db()
    return paper


def _subjects(user):
    return list(Message.objects.filter(recipient=user).values_list("subject", flat=True))


def _pdf(name="bericht.pdf", text="Stellungnahme"):
    return SimpleUploadedFile(name, simple_pdf(text, [text]), content_type="application/pdf")


def test_the_whole_flow_runs_through_the_back_office_urls(
    client, member, office, writer, reviewer, digital, django_capture_on_commit_callbacks
):
    """No admin needed: submit, register, assign, write, ask for release, release – all with the test client."""
    client.force_login(member)
    response = client.post(
        reverse("council:paper_submit"),
        {"paper_type": "Antrag", "title": "Radwege zur Gesamtschule", "text": "Der Rat möge …", "files": _pdf("a.pdf")},
    )
    assert response.status_code == 302
    motion = Paper.objects.get(name="Radwege zur Gesamtschule")

    login_with_mfa(client, office)
    page = client.get(reverse("council:backoffice_paper", args=[motion.pk]))
    assert page.status_code == 200
    assert "a.pdf" in page.content.decode() and motion.main_file.content.url in page.content.decode()
    assert client.get(motion.main_file.content.url).status_code == 200, "the office opens the faction's PDF"
    client.post(reverse("council:backoffice_paper", args=[motion.pk]), {"action": "register"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("council:backoffice_paper", args=[motion.pk]),
            {"action": "assign_department", "department": digital.pk},
        )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == PaperStatus.REGISTERED
    assert [o.department for o in motion.under_direction_of.all()] == [digital]
    assert any(s.startswith("Bericht an den Rat erbeten") for s in _subjects(writer))

    login_with_mfa(client, writer)
    queue = client.get(reverse("council:report_queue")).content.decode()
    assert "Radwege zur Gesamtschule" in queue
    assert client.get(reverse("council:report_create", args=[motion.pk])).status_code == 200
    response = client.post(
        reverse("council:report_create", args=[motion.pk]),
        {
            "paper_type": "Stellungnahme",
            "title": "Stellungnahme: Radwege zur Gesamtschule",
            "text": "Die Verwaltung hält die Radwege für machbar.",
            "keywords": "Radverkehr, Schulweg, radverkehr, ",
            "files": [_pdf("stellungnahme.pdf"), _pdf("karte.pdf", "Karte")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get(motion=motion)
    assert report.state == ReportState.DRAFT and report.keywords == ["Radverkehr", "Schulweg"]
    assert report.files.count() == 2 and not report.files.filter(public=True).exists()
    edit = reverse("council:report_edit", args=[report.pk])
    assert client.get(report.files.first().content.url).status_code == 200, "the department reads its draft files"
    assert "Stellungnahme: Radwege" in client.get(reverse("council:report_queue")).content.decode()

    response = client.post(edit, {"action": "release"}, follow=True)
    assert "nicht freigeben" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, {"action": "request_release"})
    report.refresh_from_db()
    assert report.state == ReportState.RELEASE_REQUESTED
    assert any(s.startswith("Freigabe erbeten") for s in _subjects(reviewer))
    assert not any(s.startswith("Freigabe erbeten") for s in _subjects(writer))
    response = client.post(edit, {"action": "release"}, follow=True)
    assert "Sie können Ihren eigenen Bericht nicht freigeben" in response.content.decode()
    assert Paper.objects.filter(paper_type=PaperType.STELLUNGNAHME, related_papers=motion).count() == 0

    login_with_mfa(client, reviewer)
    assert "Stellungnahme: Radwege" in client.get(reverse("council:report_queue")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {"action": "release"})
    assert response.status_code == 302
    report.refresh_from_db()
    paper = report.paper
    assert report.state == ReportState.RELEASED and report.released_by == reviewer
    assert paper.public and paper.paper_type == PaperType.STELLUNGNAHME and paper.reference.startswith("ST/")
    assert paper.keyword == ["Radverkehr", "Schulweg"]
    assert list(paper.related_papers.all()) == [motion]
    assert paper.main_file.public and paper.auxiliary_files.get().public
    organization = paper.under_direction_of.get()
    assert organization.department == digital and organization.organization_type == OrganizationType.VERWALTUNG
    motion.refresh_from_db()
    assert motion.status == PaperStatus.ANSWERED

    # The faction, the council office and the author are told (mailbox and e-mail).
    assert f"Die Verwaltung hat geantwortet: {motion.reference}" in _subjects(member)
    assert f"Bericht der Verwaltung veröffentlicht: {paper.reference}" in _subjects(office)
    assert f"Ihr Bericht ist freigegeben: {paper.reference}" in _subjects(writer)
    assert {member.email, office.email, writer.email} <= {m.to[0] for m in mail.outbox}

    # OParl shows the department as underDirectionOf and the keywords.
    client.logout()
    data = client.get(f"/oparl/v1.1/paper/{paper.pk}").json()
    assert data["paperType"] == "Stellungnahme" and data["keyword"] == ["Radverkehr", "Schulweg"]
    assert data["underDirectionOf"] == [f"http://testserver/oparl/v1.1/organization/{organization.pk}"] or data[
        "underDirectionOf"
    ][0].endswith(f"/organization/{organization.pk}")
    assert client.get(reverse("council:paper_detail", args=[paper.pk])).status_code == 200

    audit = AuditLogEntry.objects.filter(object_type="council.report", object_id=str(report.pk))
    assert audit.count() == 3  # created, release requested, released
    assert set(audit.values_list("actor_repr", flat=True)) == {writer.username, reviewer.username}


def test_author_cannot_release_own_report(motion, writer):
    report = services_reports.report_create(
        actor=writer, motion=motion, paper_type="Mitteilung", title="Mitteilung", text="Bericht."
    )
    services_reports.report_request_release(actor=writer, report=report)
    with pytest.raises(PermissionDenied):
        services_reports.report_release(actor=writer, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.RELEASE_REQUESTED and report.paper is None


def test_release_needs_the_request_first(motion, writer, reviewer):
    report = services_reports.report_create(
        actor=writer, motion=motion, paper_type="Mitteilung", title="Mitteilung", text="Bericht."
    )
    with pytest.raises(ValidationError):
        services_reports.report_release(actor=reviewer, report=report)


def test_without_four_eyes_the_author_publishes(settings, motion, writer):
    settings.COUNCIL_REPORT_FOUR_EYES = False
    report = services_reports.report_create(
        actor=writer, motion=motion, paper_type="Beschlussvorlage", title="Vorlage", text="Der Rat beschließt …"
    )
    paper = services_reports.report_release(actor=writer, report=report)
    assert paper.paper_type == PaperType.BESCHLUSSVORLAGE and paper.reference.startswith("V/")


def test_other_department_cannot_see_or_edit(client, motion, writer, other_department):
    report = services_reports.report_create(
        actor=writer, motion=motion, paper_type="Mitteilung", title="Interner Entwurf Digital", text="Bericht."
    )
    services_reports.report_request_release(actor=writer, report=report)
    for call in (
        lambda: services_reports.report_release(actor=other_department, report=report),
        lambda: services_reports.report_update(
            actor=other_department, report=report, paper_type="Mitteilung", title="x", text="y"
        ),
        lambda: services_reports.report_return(actor=other_department, report=report, note="Nein"),
        lambda: services_reports.report_create(
            actor=other_department, motion=motion, paper_type="Mitteilung", title="x", text="y"
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    login_with_mfa(client, other_department)
    edit = reverse("council:report_edit", args=[report.pk])
    assert client.get(edit).status_code == 404
    for action in ("save", "release", "request_release", "return"):
        assert client.post(edit, {"action": action, "note": "x", "title": "x"}).status_code == 404
    assert client.get(reverse("council:report_create", args=[motion.pk])).status_code == 404
    queue = client.get(reverse("council:report_queue")).content.decode()
    assert "Interner Entwurf Digital" not in queue and motion.name not in queue
    assert client.get(report.motion.main_file.content.url).status_code in (200, 403)  # public after registration
    draft_file = services.file_create(name="intern.pdf", content=simple_pdf("Intern", ["x"]), public=False)
    report.files.add(draft_file)
    assert client.get(draft_file.content.url).status_code == 403
    report.refresh_from_db()
    assert report.state == ReportState.RELEASE_REQUESTED and report.title == "Interner Entwurf Digital"


def test_staff_without_the_role_and_council_members_are_refused(client, motion, member):
    from modellkommune.accounts.tests.factories import StaffFactory

    login_with_mfa(client, StaffFactory(department=Department.objects.get(name="Digitalisierung und IT")))
    assert client.get(reverse("council:report_queue")).status_code == 403
    assert client.get(reverse("council:report_create", args=[motion.pk])).status_code == 403
    client.force_login(member)
    assert client.get(reverse("council:report_queue")).status_code == 403


def test_reviewer_returns_the_report_with_a_note(motion, writer, reviewer, django_capture_on_commit_callbacks):
    report = services_reports.report_create(
        actor=writer, motion=motion, paper_type="Mitteilung", title="Mitteilung", text="Bericht."
    )
    services_reports.report_request_release(actor=writer, report=report)
    with pytest.raises(ValidationError):
        services_reports.report_return(actor=reviewer, report=report, note="  ")
    services_reports.report_return(actor=reviewer, report=report, note="Bitte die Kosten ergänzen.")
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.return_note == "Bitte die Kosten ergänzen."
    assert any(s.startswith("Bericht zur Überarbeitung zurück") for s in _subjects(writer))


def test_a_changed_report_needs_a_new_release_request(motion, writer, reviewer):
    report = services_reports.report_create(
        actor=writer, motion=motion, paper_type="Mitteilung", title="Mitteilung", text="Bericht."
    )
    services_reports.report_request_release(actor=writer, report=report)
    services_reports.report_update(actor=writer, report=report, paper_type="Mitteilung", title="Neu", text="Anders.")
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    with pytest.raises(ValidationError):
        services_reports.report_release(actor=reviewer, report=report)


def test_bad_input_gets_clear_german_errors_and_loses_nothing(client, motion, writer):
    login_with_mfa(client, writer)
    url = reverse("council:report_create", args=[motion.pk])
    fake = SimpleUploadedFile("bericht.pdf", b"MZ\x90\x00 kein PDF", content_type="application/pdf")
    values = {"paper_type": "Mitteilung", "title": "Mein Titel bleibt", "text": "Mein Text bleibt", "files": fake}
    response = client.post(url, values)
    html = response.content.decode()
    assert response.status_code == 200 and "kein PDF-Dokument" in html
    assert "Mein Titel bleibt" in html and "Mein Text bleibt" in html
    response = client.post(url, {**values, "files": [], "text": "<script>alert(1)</script>"})
    assert "reinen Text" in response.content.decode()
    response = client.post(url, {**values, "files": [], "paper_type": "Antrag"})
    assert response.status_code == 200 and "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    response = client.post(url, {**values, "files": [], "keywords": ", ".join(f"w{i}" for i in range(30))})
    assert "höchstens 20 Schlagworte" in response.content.decode()
    assert not Report.objects.filter(motion=motion).exists()
    assert client.get(reverse("council:report_edit", args=[999999])).status_code == 404


def test_keywords_are_a_plain_comma_list():
    assert services_reports.keywords_parse(" Radverkehr ,Schulweg;  Lärm\nradverkehr ") == [
        "Radverkehr",
        "Schulweg",
        "Lärm",
    ]
    assert services_reports.keywords_parse("") == []


def test_only_the_council_office_assigns_a_department(motion, writer, digital):
    with pytest.raises(PermissionDenied):
        services_reports.paper_assign_department(actor=writer, paper=motion, department=digital)


def test_work_list_entry_and_landing_page(writer, member):
    from modellkommune.portal.account_area import account_area, work_queue_url

    labels = [label for _group, entries in account_area(writer) for label, _url, _count in entries]
    assert "Berichte an den Rat" in labels
    assert work_queue_url(writer) is not None
    assert "Berichte an den Rat" not in [label for _g, e in account_area(member) for label, _u, _c in e]


def test_whoever_changed_the_text_last_cannot_release_it_either(motion, writer, reviewer, digital):
    from django.contrib.auth.models import Group

    from modellkommune.accounts.tests.factories import StaffFactory

    report = services_reports.report_create(
        actor=writer, motion=motion, paper_type="Mitteilung", title="Mitteilung", text="Bericht."
    )
    services_reports.report_update(
        actor=reviewer, report=report, paper_type="Mitteilung", title="Mitteilung", text="Von mir umgeschrieben."
    )
    services_reports.report_request_release(actor=reviewer, report=report)
    with pytest.raises(PermissionDenied):
        services_reports.report_release(actor=reviewer, report=report)
    third = StaffFactory(department=digital)
    third.groups.add(Group.objects.get(name="Berichte an den Rat (Fachbereich)"))
    paper = services_reports.report_release(actor=third, report=report)
    assert paper.text == "Von mir umgeschrieben."


def test_a_paper_without_a_department_in_charge_asks_for_the_assignment(member, office, council):
    from modellkommune.accounts.models import User

    paper = services.paper_submit(actor=member, title="Ohne Federführung", text="…", paper_type="Anfrage")
    services.paper_register(actor=office, paper=paper)
    paper.under_direction_of.clear()
    admin = User.objects.get(email="admin@iserlohn.example")
    with pytest.raises(ValidationError, match="keinem Fachbereich zugewiesen"):
        services_reports.report_create(actor=admin, motion=paper, paper_type="Mitteilung", title="x", text="y")
