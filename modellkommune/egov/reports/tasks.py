"""E-mails of the Mängelmelder, sent on the task queue (eager without a broker)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Report, ReportUpdate


@shared_task
def report_send_confirmation(report_id: int) -> bool:
    from .services import report_confirm_link_token

    report = Report.objects.select_related("category").filter(pk=report_id).first()
    if report is None or not report.email:
        return False
    link = settings.SITE_URL + reverse("reports:confirm", args=[report_confirm_link_token(report=report)])
    send_mail(
        subject=_("Bitte bestätigen Sie Ihre Mängelmeldung"),
        message="\n".join(
            [
                _("Guten Tag,"),
                "",
                _("Sie haben einen Mangel gemeldet: %(c)s.") % {"c": report.category.name},
                _("Bitte bestätigen Sie die Meldung innerhalb von 7 Tagen über diesen Link:"),
                link,
                "",
                _("Wenn Sie nichts gemeldet haben, können Sie diese E-Mail ignorieren."),
            ]
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[report.email],
    )
    return True


@shared_task
def report_notify_update(update_id: int) -> bool:
    update = ReportUpdate.objects.select_related("report__category").filter(pk=update_id).first()
    if update is None or not update.report.email:
        return False
    report = update.report
    lines = [
        _("Guten Tag,"),
        "",
        _("Ihre Meldung „%(c)s“ (Nr. %(n)s) hat einen neuen Stand: %(s)s.")
        % {"c": report.category.name, "n": report.pk, "s": update.get_status_display()},
    ]
    if update.comment:
        lines += ["", update.comment]
    if report.is_public:
        lines += ["", settings.SITE_URL + reverse("reports:detail", args=[report.pk])]
    send_mail(
        subject=_("Neuigkeiten zu Ihrer Mängelmeldung"),
        message="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[report.email],
    )
    return True


@shared_task
def retention_enforce() -> dict:
    """Daily: see retention.report_retention_enforce."""
    from .retention import report_retention_enforce

    return report_retention_enforce()


def _follower_link(name: str, follower) -> str:
    from .following import follow_token

    return settings.SITE_URL + reverse(name, args=[follow_token(follower)])


@shared_task
def report_follow_confirmation(follower_id: int) -> bool:
    from .models import ReportFollower

    follower = ReportFollower.objects.select_related("report__category").filter(pk=follower_id).first()
    if follower is None or follower.confirmed:
        return False
    report = follower.report
    send_mail(
        subject=_("Bitte bestätigen Sie: Neuigkeiten zu Meldung %(n)s") % {"n": report.pk},
        message="\n".join(
            [
                _("Guten Tag,"),
                "",
                _("Sie möchten über den Stand der Meldung „%(c)s“ (Nr. %(n)s) informiert werden.")
                % {"c": report.category.name, "n": report.pk},
                _("Bitte bestätigen Sie das innerhalb von 7 Tagen über diesen Link:"),
                _follower_link("reports:follow_confirm", follower),
                "",
                _("Wenn Sie das nicht wollten, ignorieren Sie diese E-Mail; wir speichern Ihre Adresse dann nicht."),
            ]
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[follower.email],
    )
    return True


@shared_task
def report_notify_followers(update_id: int) -> int:
    """Tell confirmed followers of a public update; once the report is closed, forget them."""
    from .constants import CLOSED_STATUSES
    from .models import ReportFollower

    update = ReportUpdate.objects.select_related("report__category").filter(pk=update_id).first()
    if update is None or not update.is_public or not update.report.is_public:
        return 0
    report = update.report
    followers = list(ReportFollower.objects.filter(report=report, confirmed=True))
    for follower in followers:
        lines = [
            _("Guten Tag,"),
            "",
            _("Die Meldung „%(c)s“ (Nr. %(n)s) hat einen neuen Stand: %(s)s.")
            % {"c": report.category.name, "n": report.pk, "s": update.get_status_display()},
        ]
        if update.comment:
            lines += ["", update.comment]
        lines += [
            "",
            settings.SITE_URL + reverse("reports:detail", args=[report.pk]),
            "",
            _("Keine Nachrichten mehr zu dieser Meldung:"),
            _follower_link("reports:unfollow", follower),
        ]
        send_mail(
            subject=_("Neuigkeiten zu Meldung %(n)s") % {"n": report.pk},
            message="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[follower.email],
        )
    if update.status in CLOSED_STATUSES:
        ReportFollower.objects.filter(report=report).delete()
    return len(followers)
