"""Who is told what about the administration's reports (issue 13), through council.notifications.user_notify
(portal mailbox message with its e-mail hint; a plain e-mail without the egov app):

- the department's report writers when the council office hands them a paper, and when a colleague asks
  for the release of a report (everybody of the department but the author);
- the author when the report is sent back or released;
- on release: every member of the submitting faction with a portal account (and the member who submitted
  it), and the council office."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Membership, Paper, Report
from .notifications import _STEP_TEXT, user_notify
from .selectors import council_office_users
from .selectors_reports import report_writers


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def paper_assigned_notify(*, paper: Paper, department) -> None:
    for user in report_writers(department_id=department.pk):
        user_notify(
            user=user,
            subject=_("Bericht an den Rat erbeten: %(r)s") % {"r": paper.reference or paper.name[:150]},
            body=_(
                "Das Büro des Rates hat Ihrem Fachbereich „%(t)s“ (%(r)s) zur Stellungnahme zugewiesen.\n\n"
                "Bericht schreiben: %(u)s"
            )
            % {"t": paper.name, "r": paper.reference, "u": _url("council:report_create", paper.pk)},
        )


def report_release_requested_notify(*, report: Report, actor) -> None:
    for user in report_writers(department_id=report.department_id):
        if user.pk == actor.pk:
            continue
        user_notify(
            user=user,
            subject=_("Freigabe erbeten: %(t)s") % {"t": report.title[:150]},
            body=_("%(a)s bittet um Freigabe des Berichts „%(t)s“ zu %(m)s.\n\nZur Freigabe: %(u)s")
            % {"a": actor, "t": report.title, "m": report.motion, "u": _url("council:report_edit", report.pk)},
        )


def report_returned_notify(*, report: Report, actor) -> None:
    user_notify(
        user=report.author,
        subject=_("Bericht zur Überarbeitung zurück: %(t)s") % {"t": report.title[:150]},
        body=_("%(a)s hat den Bericht „%(t)s“ nicht freigegeben:\n\n%(n)s\n\nZum Bericht: %(u)s")
        % {"a": actor, "t": report.title, "n": report.return_note, "u": _url("council:report_edit", report.pk)},
    )


def faction_member_users(*, paper: Paper) -> list:
    """Active portal users of the current members of the factions that submitted the paper, and its submitter."""
    today = timezone.localdate()
    memberships = (
        Membership.objects.alive()
        .filter(organization__in=paper.originator_organizations.all(), person__deleted=False)
        .filter(person__user__is_active=True)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person__user")
    )
    users = {m.person.user.pk: m.person.user for m in memberships}
    if paper.submitted_by_id and paper.submitted_by.is_active:
        users.setdefault(paper.submitted_by_id, paper.submitted_by)
    return [users[pk] for pk in sorted(users)]


def report_released_notify(*, report: Report, paper: Paper, motion: Paper, actor) -> None:
    subject, text = _STEP_TEXT["answered"]
    values = {"t": motion.name, "r": motion.reference or "–", "x": f"{paper.reference} {paper.name}"}
    public_url = _url("council:paper_detail", paper.pk)
    for user in faction_member_users(paper=motion):
        user_notify(
            user=user,
            subject=(subject % values)[:200],
            body=text % values + "\n\n" + _("Der Bericht: %(u)s") % {"u": public_url},
        )
    for user in council_office_users():
        user_notify(
            user=user,
            subject=_("Bericht der Verwaltung veröffentlicht: %(r)s") % {"r": paper.reference},
            body=_("%(d)s hat „%(t)s“ (%(k)s, %(r)s) zu %(m)s veröffentlicht.\n\nZum Antrag: %(u)s")
            % {
                "d": report.department,
                "t": paper.name,
                "k": paper.get_paper_type_display(),
                "r": paper.reference,
                "m": motion,
                "u": _url("council:backoffice_paper", motion.pk),
            },
        )
    if report.author_id and report.author_id != actor.pk:
        user_notify(
            user=report.author,
            subject=_("Ihr Bericht ist freigegeben: %(r)s") % {"r": paper.reference},
            body=_("%(a)s hat „%(t)s“ freigegeben; er ist als %(r)s veröffentlicht: %(u)s")
            % {"a": actor, "t": paper.name, "r": paper.reference, "u": public_url},
        )
