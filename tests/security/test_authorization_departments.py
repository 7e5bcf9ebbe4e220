"""Department separation in every back office (issue 11, item 7).

A clerk of one department (the demo's road-works team, school office, treasury) crawls every back-office URL
pattern the URL resolver knows, filled with the ids of objects that belong to *other* departments or to an
office they are not in. Object pages must answer 403 or 404 (GET and POST); list pages may answer 200 but must
not show other departments' personal data. The same crawl as the owning department's clerk shows that data,
so the check cannot pass by looking in the wrong place. A new back-office view fails
`test_every_back_office_view_is_classified` until it is added to a table below.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

BACK_OFFICE_PREFIX = "verwaltung/"
CLERKS = ["strassen.team@iserlohn.example", "schule.team@iserlohn.example", "kaemmerei.team@iserlohn.example"]
# POSTed to every object page: every action a back-office form knows.
ACTIONS = ["cancel", "attended", "no_show", "status", "assign", "note", "deadline", "register", "schedule"]
ACTIONS += [
    "draft",
    "approve",
    "generate",
    "link_report",
    "publish",
    "hide",
    "reassign",
    "hide_photo",
    "save",
    "import",
    "open",
    "decide",
    "decline",
]
ACTIONS += ["assign_department", "request_release", "release", "return"]


def _models():
    from django.apps import apps

    return {label: apps.get_model(label) for label in _LABELS}


_LABELS = [
    "egov.Application",
    "egov.ApplicationFile",
    "egov.Service",
    "reports.Report",
    "appointments.Booking",
    "appointments.Location",
    "council.Paper",
    "council.AgendaItem",
    "council.Meeting",
    "programme.Project",
    "programme.Milestone",
    "programme.BestPractice",
    "programme.Indicator",
    "programme.Partner",
    "participation.Suggestion",
    "participation.ResidentsMotion",
    "participation.Consultation",
    "participation.ConsultationComment",
    "participation.Idea",
    "participation.Survey",
    "council.Report",
    "opendata.Dataset",
    "opendata.Distribution",
]


def _foreign_applications(m, user):
    return m["egov.Application"].objects.exclude(status="draft").exclude(service__department_id=user.department_id)


# url name -> kwargs of objects the clerk must not reach (other departments' objects, or offices they are not in)
OBJECT_PAGES = {
    "egov:backoffice_application": lambda m, u: [{"pk": a.pk} for a in _foreign_applications(m, u)[:3]],
    "egov:backoffice_file": lambda m, u: [
        {"pk": f.application_id, "file_pk": f.pk}
        for f in m["egov.ApplicationFile"].objects.filter(application__in=_foreign_applications(m, u))[:3]
    ],
    "egov:backoffice_service_form": lambda m, u: [
        {"slug": s.slug} for s in m["egov.Service"].objects.exclude(department_id=u.department_id)[:3]
    ],
    "reports:backoffice_report": lambda m, u: [
        {"pk": r.pk} for r in m["reports.Report"].objects.exclude(department_id=u.department_id)[:3]
    ],
    "appointments:backoffice_booking": lambda m, u: [
        {"pk": b.pk} for b in m["appointments.Booking"].objects.exclude(location__department_id=u.department_id)[:3]
    ],
    "council:backoffice_paper": lambda m, u: [{"pk": p.pk} for p in m["council.Paper"].objects.all()[:3]],
    "council:backoffice_result": lambda m, u: [{"pk": i.pk} for i in m["council.AgendaItem"].objects.all()[:3]],
    "council:backoffice_meeting": lambda m, u: [{"pk": x.pk} for x in m["council.Meeting"].objects.all()[:3]],
    "council:backoffice_attendance": lambda m, u: [{"pk": x.pk} for x in m["council.Meeting"].objects.all()[:3]],
    "council:backoffice_minutes": lambda m, u: [{"pk": x.pk} for x in m["council.Meeting"].objects.all()[:3]],
    "council:backoffice_resolution": lambda m, u: [{"pk": i.pk} for i in m["council.AgendaItem"].objects.all()[:3]],
    "programme:backoffice_project": lambda m, u: [{"slug": p.slug} for p in m["programme.Project"].objects.all()[:3]],
    "programme:backoffice_milestone_toggle": lambda m, u: [
        {"pk": x.pk} for x in m["programme.Milestone"].objects.all()[:3]
    ],
    "programme:backoffice_item_create": lambda m, u: [
        {"slug": p.slug, "kind": kind}
        for p in m["programme.Project"].objects.all()[:2]
        for kind in ("meilensteine", "kennzahlen", "finanzierung", "partner", "drucksachen")
    ],
    "programme:backoffice_item": lambda m, u: [
        {"slug": x.project.slug, "kind": "meilensteine", "pk": x.pk} for x in m["programme.Milestone"].objects.all()[:3]
    ],
    "programme:backoffice_item_delete": lambda m, u: [
        {"slug": x.project.slug, "kind": "meilensteine", "pk": x.pk} for x in m["programme.Milestone"].objects.all()[:3]
    ],
    "programme:backoffice_bp": lambda m, u: [{"slug": b.slug} for b in m["programme.BestPractice"].objects.all()[:3]],
    "programme:backoffice_partner": lambda m, u: [{"slug": p.slug} for p in m["programme.Partner"].objects.all()[:3]],
    "programme:backoffice_indicator": lambda m, u: [{"pk": i.pk} for i in m["programme.Indicator"].objects.all()[:3]],
    # The catalogue belongs to the open-data office (opendata.manage_catalogue), not to a department.
    "opendata:backoffice_dataset": lambda m, u: [{"slug": d.slug} for d in m["opendata.Dataset"].objects.all()[:3]],
    "opendata:backoffice_dataset_publish": lambda m, u: [
        {"slug": d.slug} for d in m["opendata.Dataset"].objects.all()[:3]
    ],
    "opendata:backoffice_distribution_create": lambda m, u: [
        {"slug": d.slug} for d in m["opendata.Dataset"].objects.all()[:3]
    ],
    "opendata:backoffice_distribution": lambda m, u: [
        {"slug": x.dataset.slug, "pk": x.pk} for x in m["opendata.Distribution"].objects.all()[:3]
    ],
    "opendata:backoffice_distribution_delete": lambda m, u: [
        {"slug": x.dataset.slug, "pk": x.pk} for x in m["opendata.Distribution"].objects.all()[:3]
    ],
    "participation:backoffice_suggestion": lambda m, u: [
        {"pk": s.pk} for s in m["participation.Suggestion"].objects.all()[:3]
    ],
    "participation:backoffice_motion": lambda m, u: [
        {"pk": x.pk} for x in m["participation.ResidentsMotion"].objects.all()[:3]
    ],
    "participation:backoffice_consultation": lambda m, u: [
        {"pk": x.pk} for x in m["participation.Consultation"].objects.all()[:3]
    ],
    "participation:backoffice_consultation_edit": lambda m, u: [
        {"pk": x.pk} for x in m["participation.Consultation"].objects.all()[:3]
    ],
    "participation:backoffice_survey": lambda m, u: [{"pk": x.pk} for x in m["participation.Survey"].objects.all()[:3]],
    "participation:backoffice_survey_edit": lambda m, u: [
        {"pk": x.pk} for x in m["participation.Survey"].objects.all()[:3]
    ],
    "participation:backoffice_idea": lambda m, u: [{"pk": x.pk} for x in m["participation.Idea"].objects.all()[:3]],
    "participation:backoffice_consultation_comment": lambda m, u: [
        {"pk": x.consultation_id, "number": x.number} for x in m["participation.ConsultationComment"].objects.all()[:3]
    ],
    # Reports to the council: drafts of other departments, papers led by other departments (issue 13).
    "council:report_edit": lambda m, u: [
        {"pk": r.pk} for r in m["council.Report"].objects.exclude(department_id=u.department_id)[:3]
    ],
    "council:report_create": lambda m, u: [
        {"motion_pk": p.pk}
        for p in m["council.Paper"]
        .objects.exclude(under_direction_of__department_id=u.department_id)
        .filter(paper_type__in=["Antrag", "Anfrage"])[:3]
    ],
}
# Pages of an office the clerk is not in: closed as a whole.
OFFICE_PAGES = {
    "council:backoffice",
    "council:backoffice_meetings",
    "council:backoffice_meeting_create",
    "council:backoffice_meeting_series",
    "council:backoffice_attendance_export",
    "participation:backoffice",
    "participation:backoffice_consultations",
    "participation:backoffice_consultation_create",
    "participation:backoffice_ideas",
    "participation:backoffice_surveys",
    "participation:backoffice_survey_create",
    "programme:backoffice",
    "programme:backoffice_project_create",
    "programme:backoffice_bp_create",
    "programme:backoffice_snapshot",
    "programme:backoffice_quarterly",
    "programme:backoffice_gap_attach",
    "programme:backoffice_gap_publish",
    "programme:backoffice_gap_draft",
    "programme:backoffice_partner_create",
    "programme:backoffice_sci_seed",
    "opendata:backoffice",
    "opendata:backoffice_dataset_create",
    "opendata:backoffice_potential",
}
# Work lists every member of staff has: filtered to the clerk's own department.
LIST_PAGES = {"egov:backoffice", "egov:backoffice_services", "reports:backoffice_queue", "appointments:backoffice_day"}
LIST_PAGES |= {"opendata:backoffice_quality"}  # metadata quality of public datasets: no personal data
LIST_PAGES |= {"council:report_queue"}  # the department's reports to the council (department role)


def _back_office_url_names() -> set[str]:
    names = set()

    def walk(resolver, prefix="", namespace=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                ns = pattern.namespace or namespace
                yield from walk(pattern, route, ns)
            elif route.lstrip("^").startswith(BACK_OFFICE_PREFIX):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    names.update(walk(get_resolver()))
    return names


def test_every_back_office_view_is_classified():
    names = _back_office_url_names()
    assert "appointments:backoffice_day" in names and "programme:backoffice_quarterly" in names
    unclassified = names - set(OBJECT_PAGES) - OFFICE_PAGES - LIST_PAGES
    assert not unclassified, f"back-office views without a department/role check in this test: {unclassified}"


def _user(email):
    from modellkommune.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        pytest.skip(f"demo user {email} missing")
    return user


def _login(client, user):
    from modellkommune.accounts.tests.utils import login_with_mfa

    login_with_mfa(client, user)


def _personal_data(m, *, department_id, own: bool) -> set[str]:
    """Names, e-mail addresses and phone numbers of citizens in objects of `department_id` (own=True) or of
    every other department (own=False)."""

    def pick(qs, key):
        return qs.filter(**{key: department_id}) if own else qs.exclude(**{key: department_id})

    values = set()
    for a in pick(
        m["egov.Application"].objects.exclude(status="draft").select_related("applicant"), "service__department_id"
    ):
        if a.applicant:
            values |= {a.applicant.email, a.applicant.get_full_name(), a.reference}
    for r in pick(m["reports.Report"].objects.all(), "department_id"):
        values |= {r.email, r.phone, f"{r.first_name} {r.last_name}".strip()}
    for b in pick(m["appointments.Booking"].objects.all(), "location__department_id"):
        values |= {b.name, b.email, b.phone, b.reference}
    return {v for v in values if v and len(v) >= 5 and v != "anonymisiert"}


def _list_urls(m, user) -> list[str]:
    """The work lists, also with every filter pointed at other departments."""
    Booking, Location = m["appointments.Booking"], m["appointments.Location"]
    from modellkommune.core.models import Department

    others = Department.objects.exclude(pk=user.department_id).values_list("pk", flat=True)
    urls = [reverse(name) for name in sorted(LIST_PAGES)]
    for dept in others:
        urls.append(f"{reverse('egov:backoffice')}?department={dept}")
        for tab in ("pruefen", "offen", "erledigt", "verborgen"):
            urls.append(f"{reverse('reports:backoffice_queue')}?fachbereich={dept}&liste={tab}")
    for status in ("received", "in_progress", "approved", "rejected", "closed"):
        urls.append(f"{reverse('egov:backoffice')}?status={status}")
    days = {timezone.localtime(b.start).date() for b in Booking.objects.all()[:50]}
    for location in Location.objects.all():
        for day in sorted(days)[:10] or [timezone.localdate() + dt.timedelta(days=1)]:
            urls.append(f"{reverse('appointments:backoffice_day')}?standort={location.slug}&tag={day.isoformat()}")
    return urls


@pytest.mark.parametrize("email", CLERKS)
def test_clerk_of_another_department_reaches_no_foreign_object(client, demo, email):
    m = _models()
    clerk = _user(email)
    _login(client, clerk)
    checked = 0
    for name, objects in OBJECT_PAGES.items():
        for kwargs in objects(m, clerk):
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            assert response.status_code in (403, 404, 405), (email, url, response.status_code)
            for action in ACTIONS:
                response = client.post(url, {"action": action})
                assert response.status_code in (403, 404), (email, url, action, response.status_code)
            checked += 1
    for name in OFFICE_PAGES:
        url = reverse(name)
        assert client.get(url).status_code in (403, 405), (email, url)
        assert client.post(url, {"quarter": "2026-Q4", "paper_reference": "V/2026/0001"}).status_code == 403
    assert checked >= 15, "the demo should give objects of other departments to try"


@pytest.mark.parametrize("email", CLERKS)
def test_clerk_lists_show_no_personal_data_of_other_departments(client, demo, email):
    m = _models()
    clerk = _user(email)
    foreign = _personal_data(m, department_id=clerk.department_id, own=False)
    foreign -= _personal_data(m, department_id=clerk.department_id, own=True)  # e.g. the same citizen
    assert len(foreign) >= 10, "the demo should hold personal data of other departments"
    _login(client, clerk)
    for url in _list_urls(m, clerk):
        response = client.get(url)
        assert response.status_code in (200, 404), (email, url, response.status_code)
        html = response.content.decode()
        leaked = sorted(v for v in foreign if v in html)
        assert not leaked, (email, url, leaked[:3])


def test_owning_department_does_see_its_data(client, demo):
    """Control for the two tests above: the Bürgerbüro clerk sees the bookings' names and the applications
    of the Bürgerbüro, so the strings the crawl looks for really appear on these pages."""
    m = _models()
    clerk = _user("sachbearbeitung@iserlohn.example")
    booking = m["appointments.Booking"].objects.filter(location__department_id=clerk.department_id).first()
    application = (
        m["egov.Application"].objects.exclude(status="draft").filter(service__department_id=clerk.department_id).first()
    )
    assert booking and application, "demo bookings and applications of the Bürgerbüro"
    _login(client, clerk)
    day = timezone.localtime(booking.start).date().isoformat()
    html = client.get(reverse("appointments:backoffice_day"), {"standort": booking.location.slug, "tag": day})
    assert booking.name in html.content.decode()
    response = client.get(reverse("egov:backoffice_application", kwargs={"pk": application.pk}))
    assert response.status_code == 200
    assert application.reference in response.content.decode()


def test_report_queue_shows_only_the_own_departments_reports(client, demo):
    """Reports to the council (issue 13): the work list of the road-works team shows its own draft, never the
    IT department's; the school office, with the same department role, sees neither."""
    m = _models()
    reports = m["council.Report"].objects.select_related("department")
    own = reports.filter(department__name="Straßenbau und Verkehr").first()
    foreign = reports.filter(department__name="Digitalisierung und IT").first()
    assert own and foreign, "demo drafts of two departments"
    _login(client, _user("strassen.team@iserlohn.example"))
    html = client.get(reverse("council:report_queue")).content.decode()
    assert own.title in html and foreign.title not in html
    assert client.get(reverse("council:report_edit", kwargs={"pk": own.pk})).status_code == 200
    _login(client, _user("schule.team@iserlohn.example"))
    html = client.get(reverse("council:report_queue")).content.decode()
    assert own.title not in html and foreign.title not in html
