"""Background work of the egov app (Celery; eager when no broker is configured)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import MessageDirection


@shared_task
def receipt_render(application_id: int) -> int:
    """Render and store the PDF receipt of a submitted application; returns its size in bytes."""
    from .models import Application
    from .receipt import receipt_pdf

    application = Application.objects.select_related("service", "service__department").get(pk=application_id)
    pdf = receipt_pdf(application)
    # Never bring a receipt back after the application was anonymised meanwhile.
    Application.objects.filter(pk=application_id, anonymised_at__isnull=True).update(receipt_pdf=pdf)
    return len(pdf)


@shared_task
def decision_render(application_id: int) -> int:
    """Render and store the Bescheid of an approved application (the approval message links to it)."""
    from .decision import decision_pdf
    from .models import Application

    application = (
        Application.objects.select_related("service", "service__department", "applicant")
        .filter(pk=application_id, anonymised_at__isnull=True, decision_pdf__isnull=True)
        .first()
    )
    if application is None:
        return 0
    pdf = decision_pdf(application)
    if not Application.objects.filter(pk=application_id, anonymised_at__isnull=True, decision_pdf__isnull=True).update(
        decision_pdf=pdf
    ):
        return 0
    return len(pdf)


@shared_task
def message_email_send(message_id: int) -> bool:
    """Tell the citizen by e-mail that a new message waits in the mailbox (content stays in the portal)."""
    from .models import Message

    # Claim the message first (one UPDATE): the normal path and the recovery job may both try, one wins.
    if not Message.objects.filter(pk=message_id, notified_at__isnull=True).update(notified_at=timezone.now()):
        return False
    message = Message.objects.select_related("recipient").filter(pk=message_id).first()
    if message is None or message.direction != MessageDirection.TO_CITIZEN or not message.recipient.email:
        return False
    url = settings.SITE_URL + reverse("egov:message_detail", args=[message.pk])
    try:
        send_mail(
            subject=message.subject,
            message=_(
                "Guten Tag,\n\nin Ihrem Postfach liegt eine neue Nachricht: %(s)s\n\nSie finden sie hier: %(u)s\n"
            )
            % {"s": message.subject, "u": url},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[message.recipient.email],
        )
    except Exception:
        # Not sent: release the claim so that the recovery job tries again.
        Message.objects.filter(pk=message_id).update(notified_at=None)
        raise
    return True


@shared_task
def staff_notify(application_id: int) -> bool:
    """Tell the person handling a case (else the department) that the applicant answered; no content."""
    from .models import Application

    application = Application.objects.select_related("assigned_to", "service__department").get(pk=application_id)
    to = (application.assigned_to.email if application.assigned_to else "") or application.service.department.email
    if not to:
        return False
    url = settings.SITE_URL + reverse("egov:backoffice_application", args=[application.pk])
    send_mail(
        subject=_("Antwort zum Antrag %(r)s") % {"r": application.reference},
        message=_("Zum Antrag %(r)s liegt eine Antwort der Antragstellerin / des Antragstellers vor:\n%(u)s\n")
        % {"r": application.reference, "u": url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[to],
    )
    return True


@shared_task
def retention_enforce() -> dict:
    """Daily: anonymise closed applications after their service's retention period; drop stale drafts."""
    from .privacy import retention_enforce_run

    return retention_enforce_run()


@shared_task
def artefacts_recover() -> dict:
    """Every few minutes: render receipts and send notification e-mails that a crash left undone."""
    from .recovery import derived_artefacts_recover

    return derived_artefacts_recover()
