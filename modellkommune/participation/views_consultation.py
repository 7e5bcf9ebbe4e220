"""Consultations (Beteiligungsverfahren): the public pages with comments and map, and the administration's
back office (prepare, publish, documents, moderation, summary; the council office registers the result)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from modellkommune.core.parsing import parse_id
from modellkommune.core.ratelimit import rate_limit_exceeded
from modellkommune.core.selectors import audit_log_for
from modellkommune.council.constants import OrganizationType
from modellkommune.council.models import Organization
from modellkommune.council.selectors import paper_list_public, user_is_council_office

from . import selectors_consultation as selectors
from .constants import CommentStatus, ConsultationStatus
from .forms_consultation import CommentForm, ConsultationForm, DocumentForm, ModerationForm, ResultForm
from .models import Consultation, ConsultationComment, ConsultationDocument
from .services_consultation import (
    comment_moderate,
    comment_submit,
    consultation_counts,
    consultation_document_add,
    consultation_document_remove,
    consultation_publish,
    consultation_register,
    consultation_save,
    consultation_summarise,
)

COMMENTS_PER_HOUR = 10


def _errors(exc) -> str:
    return " ".join(getattr(exc, "messages", [str(exc)]))


def _to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- public -------------------------------------------------------------------------------------


def consultation_list(request):
    page = Paginator(selectors.consultation_list_public(), 20).get_page(request.GET.get("seite"))
    return render(request, "participation/consultation_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def consultation_detail(request, pk: int):
    consultation = selectors.consultation_public(pk=pk)
    if consultation is None:
        raise Http404
    phase = consultation.phase()
    form = CommentForm(request.POST or None) if phase == "open" and request.user.is_authenticated else None
    status = 200
    if request.method == "POST":
        if form is None:
            status = 400
            messages.error(request, _("Dieses Verfahren nimmt derzeit keine Beiträge entgegen."))
        elif form.is_valid():
            if rate_limit_exceeded(
                scope="participation:comment", key=str(request.user.pk), limit=COMMENTS_PER_HOUR, window_seconds=3600
            ):
                form.add_error(None, _("Zu viele Beiträge in kurzer Zeit. Bitte versuchen Sie es später erneut."))
            else:
                try:
                    comment = comment_submit(user=request.user, consultation=consultation, **form.cleaned_data)
                except ValidationError as exc:
                    _to_form(form, exc)
                else:
                    if comment.status == CommentStatus.PUBLISHED:
                        messages.success(request, _("Danke. Ihr Beitrag ist veröffentlicht."))
                    else:
                        messages.success(
                            request,
                            _("Danke. Ihr Beitrag wird vor der Veröffentlichung geprüft; Sie erhalten eine Nachricht."),
                        )
                    # Post/redirect/get: a reload sends nothing again.
                    return redirect(
                        reverse("participation:consultation_detail", args=[pk]) + f"#beitrag-{comment.number}"
                    )
        if form is not None and form.errors:
            status = 400
    comments = selectors.comments_public(consultation=consultation)
    places = [{"n": c.number, "lat": c.lat, "lon": c.lon, "text": c.text[:140]} for c in comments if c.has_place]
    context = {
        "c": consultation,
        "phase": phase,
        "form": form,
        "comments": comments,
        "own": selectors.comments_of_user(consultation=consultation, user=request.user),
        "documents": consultation.documents.all(),
        "places": places,
    }
    return render(request, "participation/consultation_detail.html", context, status=status)


# --- back office --------------------------------------------------------------------------------


def manager_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (selectors.user_manages_consultations(user=request.user) or user_is_council_office(user=request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _consultation_form(data=None, *, initial=None):
    from modellkommune.programme.models import Project

    return ConsultationForm(
        data,
        initial=initial,
        projects=Project.objects.order_by("title"),
        papers=paper_list_public().only("id", "reference", "name", "date"),
        bodies=Organization.objects.alive().filter(organization_type=OrganizationType.GREMIUM).order_by("name"),
    )


@manager_required
def backoffice_list(request):
    consultations = selectors.consultation_list_backoffice().order_by("-starts_at", "-id")
    return render(
        request,
        "participation/backoffice/consultation_list.html",
        {"consultations": consultations, "may_create": selectors.user_manages_consultations(user=request.user)},
    )


@manager_required
@require_http_methods(["GET", "POST"])
def backoffice_create(request):
    if not selectors.user_manages_consultations(user=request.user):
        raise PermissionDenied
    form = _consultation_form(request.POST if request.method == "POST" else None, initial={"with_map": True})
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_save(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Angelegt. Veröffentlichen Sie das Verfahren, wenn alles stimmt."))
            return redirect("participation:backoffice_consultation", pk=consultation.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "participation/backoffice/consultation_form.html", {"form": form}, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def backoffice_edit(request, pk: int):
    consultation = get_object_or_404(Consultation, pk=pk)
    if not selectors.user_manages_consultations(user=request.user):
        raise PermissionDenied
    initial = {f: getattr(consultation, f) for f in ("title", "summary", "text", "with_map")}
    initial.update(
        starts_at=consultation.starts_at,
        ends_at=consultation.ends_at,
        project=consultation.project_id,
        paper=consultation.paper,
        deciding_body=consultation.deciding_body_id,
    )
    form = _consultation_form(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_save(actor=request.user, consultation=consultation, data=form.cleaned_data)
        except ValidationError as exc:
            _to_form(form, exc)
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("participation:backoffice_consultation", pk=consultation.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "c": consultation}
    return render(request, "participation/backoffice/consultation_form.html", context, status=status)


@manager_required
@require_http_methods(["GET", "POST"])
def backoffice_manage(request, pk: int):
    consultation = get_object_or_404(
        Consultation.objects.select_related("project", "paper", "deciding_body", "result_paper"), pk=pk
    )
    action = request.POST.get("action") if request.method == "POST" else None
    document_form = DocumentForm(
        request.POST if action == "document" else None, request.FILES if action == "document" else None
    )
    result_form = ResultForm(request.POST if action == "result" else None)
    failed = False
    if action:
        try:
            if action == "publish":
                consultation_publish(actor=request.user, consultation=consultation)
                messages.success(request, _("Veröffentlicht."))
            elif action == "document":
                if not document_form.is_valid():
                    raise ValidationError(_("Bitte prüfen Sie Titel und Datei."))
                upload = document_form.cleaned_data["file"]
                consultation_document_add(
                    actor=request.user,
                    consultation=consultation,
                    title=document_form.cleaned_data["title"],
                    name=upload.name,
                    content=upload.read(),
                )
                messages.success(request, _("Dokument hinzugefügt."))
            elif action == "document_remove":
                document = ConsultationDocument.objects.filter(
                    pk=parse_id(request.POST.get("document")) or 0, consultation=consultation
                ).first()
                if document is None:
                    raise ValidationError(_("Dieses Dokument gibt es nicht (mehr)."))
                consultation_document_remove(actor=request.user, document=document)
                messages.success(request, _("Dokument entfernt."))
            elif action == "result":
                if not result_form.is_valid():
                    raise ValidationError(_("Bitte schreiben Sie die Zusammenfassung."))
                consultation_summarise(
                    actor=request.user, consultation=consultation, result=result_form.cleaned_data["result"]
                )
                messages.success(request, _("Die Zusammenfassung ist veröffentlicht und an das Ratsbüro übergeben."))
            elif action == "register":
                consultation_register(actor=request.user, consultation=consultation)
                messages.success(
                    request, _("Als Mitteilung %(r)s registriert.") % {"r": consultation.result_paper.reference}
                )
            else:
                raise ValidationError(_("Unbekannte Aktion."))
            return redirect("participation:backoffice_consultation", pk=consultation.pk)
        except (ValidationError, PermissionDenied) as exc:
            failed = True
            messages.error(request, _errors(exc))
    pending = consultation.comments.filter(status=CommentStatus.PENDING).select_related("author").order_by("number")
    context = {
        "c": consultation,
        "phase": consultation.phase(),
        "counts": consultation_counts(consultation),
        "pending": pending,
        "moderated": consultation.comments.exclude(status=CommentStatus.PENDING).order_by("-number")[:100],
        "document_form": document_form,
        "result_form": result_form,
        "may_manage": selectors.user_manages_consultations(user=request.user),
        "may_register": user_is_council_office(user=request.user)
        and consultation.status == ConsultationStatus.SUMMARISED,
        "history": audit_log_for(object_type="participation.consultation", object_id=str(consultation.pk))[:50],
    }
    return render(request, "participation/backoffice/consultation.html", context, status=400 if failed else 200)


@manager_required
@require_http_methods(["GET", "POST"])
def backoffice_comment(request, pk: int, number: int):
    comment = get_object_or_404(
        ConsultationComment.objects.select_related("consultation", "author"), consultation_id=pk, number=number
    )
    form = ModerationForm(
        request.POST if request.method == "POST" else None,
        initial={"answer": comment.answer, "decision": "publish" if comment.status != "rejected" else "reject"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            comment_moderate(
                actor=request.user,
                comment=comment,
                publish=data["decision"] == "publish",
                reason=data.get("reason", ""),
                answer=data.get("answer", ""),
            )
        except ValidationError as exc:
            _to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Beitrag %(n)s moderiert; die Person ist benachrichtigt.") % {"n": number})
            return redirect("participation:backoffice_consultation", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "participation/backoffice/consultation_comment.html", {"comment": comment, "form": form}, status=status
    )
