"""The motion workflow of the seed document: submit -> register -> schedule -> result -> report.

Every step is permission-checked in the service and recorded in the audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from modellkommune.core.models import AuditLogEntry
from modellkommune.council import services
from modellkommune.council.constants import PaperStatus, PaperType
from modellkommune.council.models import Meeting, Paper
from modellkommune.council.pdf import simple_pdf
from modellkommune.council.tests.meetings import begin


def _submit(member, **kwargs):
    values = {"title": "Freies WLAN am Schillerplatz", "text": "Der Rat möge beschließen …", "paper_type": "Antrag"}
    values.update(kwargs)
    return services.paper_submit(actor=member, **values)


def test_full_workflow_is_permission_checked_and_audited(member, office):
    paper = _submit(member, files=[("antrag.pdf", simple_pdf("Antrag", ["Freies WLAN am Schillerplatz"]))])
    assert paper.status == PaperStatus.SUBMITTED and not paper.public and not paper.reference
    assert paper.originator_organizations.get().name.startswith("Fraktion")

    services.paper_register(actor=office, paper=paper)
    paper.refresh_from_db()
    assert paper.public and paper.reference.startswith("A/")
    assert paper.main_file.public, "registering publishes the attachments too"

    meeting = Meeting.objects.filter(cancelled=False).order_by("-start").first()
    item = services.paper_schedule(actor=office, paper=paper, meeting=meeting)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.SCHEDULED and item.meeting == meeting
    assert paper.consultations.get().agenda_item == item

    begin(item)
    services.agenda_item_record_result(
        actor=office, agenda_item=item, result="angenommen", resolution_text="Der Rat beschließt."
    )
    paper.refresh_from_db()
    assert paper.status == PaperStatus.DECIDED

    report = services.paper_publish_report(title="Bericht WLAN", text="Die Verwaltung berichtet.", actor=office)
    services.paper_link_report(actor=office, paper=paper, report=report)
    paper.refresh_from_db()
    assert paper.status == PaperStatus.ANSWERED and report in paper.related_papers.all()

    actions = AuditLogEntry.objects.filter(object_type="council.paper", object_id=str(paper.pk))
    assert actions.count() == 4  # submitted, registered, scheduled, report linked
    assert AuditLogEntry.objects.filter(object_type="council.agendaitem", object_id=str(item.pk)).exists()
    assert set(actions.values_list("actor_repr", flat=True)) == {member.username, office.username}


def test_member_without_faction_cannot_submit(outsider):
    with pytest.raises(PermissionDenied):
        _submit(outsider)


def test_citizen_cannot_submit(municipality, council):
    from modellkommune.accounts.tests.factories import UserFactory

    with pytest.raises(PermissionDenied):
        _submit(UserFactory())


def test_member_submits_for_own_faction_only(member, client):
    """The web form has no faction field: the faction is always the member's own."""
    from modellkommune.council.selectors import faction_for_user

    client.force_login(member)
    response = client.post(
        "/rat/antrag/neu/",
        {"paper_type": "Anfrage", "title": "Parken am Seilersee", "text": "Wie viele Stellplätze …", "faction": 999},
    )
    assert response.status_code == 302
    paper = Paper.objects.get(name="Parken am Seilersee")
    assert list(paper.originator_organizations.all()) == [faction_for_user(user=member)]


@pytest.mark.parametrize("step", ["register", "schedule", "result", "link"])
def test_only_the_council_office_runs_the_office_steps(member, office, step):
    paper = _submit(member)
    if step != "register":
        services.paper_register(actor=office, paper=paper)
    meeting = Meeting.objects.filter(cancelled=False).first()
    with pytest.raises(PermissionDenied):
        if step == "register":
            services.paper_register(actor=member, paper=paper)
        elif step == "schedule":
            services.paper_schedule(actor=member, paper=paper, meeting=meeting)
        elif step == "result":
            item = services.paper_schedule(actor=office, paper=paper, meeting=meeting)
            begin(item)
            services.agenda_item_record_result(actor=member, agenda_item=item, result="angenommen")
        else:
            report = services.paper_publish_report(title="Bericht", text="Text", actor=office)
            services.paper_link_report(actor=member, paper=paper, report=report)


def test_backoffice_pages_refuse_members(member, client):
    paper = _submit(member)
    client.force_login(member)
    assert client.get("/verwaltung/rat/").status_code == 403
    assert client.post(f"/verwaltung/rat/vorlagen/{paper.pk}/", {"action": "register"}).status_code == 403
    paper.refresh_from_db()
    assert paper.status == PaperStatus.SUBMITTED


def test_html_in_motion_text_is_refused_and_nothing_stored(member, client):
    client.force_login(member)
    before = Paper.objects.count()
    response = client.post(
        "/rat/antrag/neu/",
        {"paper_type": "Antrag", "title": "Test", "text": "<script>alert(1)</script> Bitte beschließen"},
    )
    assert response.status_code == 200
    assert "ohne HTML" in response.content.decode()
    assert Paper.objects.count() == before


def test_fake_pdf_and_oversize_files_are_refused(member, settings):
    from modellkommune.council import constants, files

    before = Paper.objects.count()
    with pytest.raises(ValidationError, match="kein PDF"):
        _submit(member, files=[("antrag.pdf", b"MZ\x90\x00 this is an executable")])
    with pytest.raises(ValidationError, match="zu groß"):
        original = files.MAX_UPLOAD_BYTES
        try:
            files.MAX_UPLOAD_BYTES = 1000
            _submit(member, files=[("gross.pdf", simple_pdf("x", ["y" * 80] * 40))])
        finally:
            files.MAX_UPLOAD_BYTES = original
    assert Paper.objects.count() == before
    assert constants.MAX_UPLOAD_BYTES >= 10 * 2**20


def test_citizens_never_see_unregistered_papers(member, client):
    paper = _submit(member, title="Geheimer Entwurf", files=[("e.pdf", simple_pdf("Entwurf", ["geheim"]))])
    assert client.get(f"/rat/vorlagen/{paper.pk}/").status_code == 404
    assert client.get(f"/r/d/{paper.pk}").status_code == 404
    assert client.get(f"/oparl/v1.1/paper/{paper.pk}").status_code == 404
    assert "Geheimer Entwurf" not in client.get("/rat/suche/?q=Geheimer").content.decode()
    papers = client.get(f"/oparl/v1.1/body/{paper.body_id}/paper")
    assert papers.status_code == 200 and papers.json()["data"]
    assert "Geheimer Entwurf" not in papers.content.decode()
    if paper.main_file_id:
        assert client.get(f"/oparl/v1.1/file/{paper.main_file_id}/access").status_code == 404


def test_member_sees_own_submitted_papers(member, client):
    _submit(member, title="Mein Entwurf")
    client.force_login(member)
    assert "Mein Entwurf" in client.get("/rat/meine-antraege/").content.decode()


def test_report_for_inquiry_marks_it_answered(member, office):
    inquiry = _submit(member, paper_type=PaperType.ANFRAGE)
    services.paper_register(actor=office, paper=inquiry)
    services.paper_publish_report(
        title="Antwort", text="Antwort der Verwaltung", actor=office, related_papers=[inquiry]
    )
    inquiry.refresh_from_db()
    assert inquiry.status == PaperStatus.ANSWERED
