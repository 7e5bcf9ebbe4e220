"""Public catalogue and the citizen's pages: applying, receipts, mailbox, own data."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellkommune.contrib.identity import provider_list
from modellkommune.contrib.identity.base import AssuranceLevel
from modellkommune.core.page_cache import anonymous_page_cache

from . import selectors, services
from .constants import ApplicationStatus
from .forms import ReplyForm
from .formschema import SchemaForm, display_rows
from .privacy import user_data_export, user_data_zip
from .xzufi import catalogue_json, catalogue_xml


def _errors_to_form(form, exc: ValidationError) -> None:
    errors_by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, errors in errors_by_field.items():
        form.add_error(field if field in form.fields else None, errors)


@anonymous_page_cache(apps=("core", "egov"))
def index(request):
    query = request.GET.get("q", "").strip()[:100]
    services_qs = selectors.service_search(query) if query else selectors.service_list_public()
    context = {
        "query": query,
        "services": services_qs,
        "life_situations": selectors.life_situation_list().prefetch_related("services"),
        "unread": selectors.message_unread_count(user=request.user),
        "identity_providers": provider_list(),
    }
    return render(request, "egov/index.html", context)


@anonymous_page_cache(apps=("core", "egov"))
def service_detail(request, slug: str):
    service = selectors.service_get_public(slug=slug)
    if service is None:
        raise Http404
    return render(request, "egov/service_detail.html", {"service": service})


def catalogue_export_json(request):
    response = JsonResponse(catalogue_json(selectors.service_list_public()), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def catalogue_export_xml(request):
    return HttpResponse(catalogue_xml(selectors.service_list_public()), content_type="application/xml; charset=utf-8")


@login_required
@require_POST
def application_start(request, slug: str):
    service = selectors.service_get_public(slug=slug)
    if service is None:
        raise Http404
    try:
        application = services.application_draft_start(user=request.user, service=service)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(service.get_absolute_url())
    return redirect("egov:application_edit", pk=application.pk)


def _own(request, pk: int):
    application = selectors.application_get_for_citizen(user=request.user, pk=pk)
    if application is None:
        raise Http404  # the same answer for "not yours" and "does not exist"
    return application


@login_required
def application_edit(request, pk: int):
    application = _own(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        return redirect(application.get_absolute_url())
    schema = application.service.form_schema
    existing = {f.field: f.name for f in application.files.all()}
    draft = request.POST.get("action") == "save"
    form = SchemaForm(
        request.POST or None,
        request.FILES or None,
        schema=schema,
        draft=draft,
        existing_files=existing,
        initial=application.data,
    )
    if request.method == "POST" and form.is_valid():
        uploads = {k: v for k, v in form.cleaned_data.items() if hasattr(v, "read")}
        try:
            services.application_draft_save(
                user=request.user, application=application, data=form.to_data(), files=uploads
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            if draft:
                messages.success(request, _("Ihr Entwurf ist gespeichert. Sie können später weitermachen."))
                return redirect("egov:application_list")
            return redirect("egov:application_review", pk=application.pk)
    elif request.method == "POST":
        _keep_valid_uploads(request, application, form)
    return render(request, "egov/application_form.html", {"application": application, "form": form})


def _keep_valid_uploads(request, application, form) -> None:
    """A browser cannot refill a file input: store the uploads that passed their own checks for the draft."""
    uploads = {
        k: v for k, v in form.cleaned_data.items() if hasattr(v, "read") and k not in form.errors and k in request.FILES
    }
    if not uploads:
        return
    try:
        kept = services.application_files_keep(user=request.user, application=application, files=uploads)
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return
    form.files_kept(kept)


@login_required
@require_POST
def application_discard(request, pk: int):
    application = _own(request, pk)
    try:
        services.application_draft_discard(user=request.user, application=application)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(application.get_absolute_url())
    messages.success(request, _("Der Entwurf ist gelöscht."))
    return redirect("egov:application_list")


@login_required
def application_review(request, pk: int):
    application = _own(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        return redirect(application.get_absolute_url())
    service = application.service
    level = selectors.identity_level_for(user=request.user)
    identity_ok = AssuranceLevel.rank(level) >= AssuranceLevel.rank(service.assurance_level)
    payment_due = services.application_payment_required(application=application)
    if request.method == "POST":
        try:
            services.application_submit(user=request.user, application=application)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            application.refresh_from_db()
            messages.success(
                request, _("Ihr Antrag ist eingereicht. Aktenzeichen: %(r)s") % {"r": application.reference}
            )
            return redirect(application.get_absolute_url())
    return render(
        request,
        "egov/application_review.html",
        {
            "application": application,
            "rows": _rows(application),
            "identity_ok": identity_ok,
            "payment_due": payment_due,
            "providers": provider_list(),
            "required_level": AssuranceLevel(service.assurance_level).label,
        },
    )


def _rows(application):
    return display_rows(application.schema_snapshot or application.service.form_schema, application.data)


@login_required
def application_list(request):
    applications = selectors.application_list_for_citizen_page(user=request.user)
    return render(
        request,
        "egov/application_list.html",
        {"applications": applications, "unread": selectors.message_unread_count(user=request.user)},
    )


@login_required
def application_detail(request, pk: int):
    application = _own(request, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_reply(
                user=request.user,
                application=application,
                text=form.cleaned_data["text"],
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Ihre Antwort ist übermittelt."))
            return redirect(application.get_absolute_url())
    return render(
        request,
        "egov/application_detail.html",
        {
            "application": application,
            "rows": _rows(application),
            "changes": application.status_changes.all(),
            "thread": application.messages.all().order_by("created"),
            "form": form,
        },
    )


@login_required
def application_file(request, pk: int, file_pk: int):
    application = _own(request, pk)
    stored = get_object_or_404(application.files, pk=file_pk)
    return _download(bytes(stored.content), stored.mime_type, stored.name)


@login_required
def application_decision(request, pk: int):
    application = _own(request, pk)
    if not application.decision_pdf:
        raise Http404
    return _download(bytes(application.decision_pdf), "application/pdf", f"Bescheid-{application.reference}.pdf")


def _download(content: bytes, mime: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def application_receipt(request, pk: int):
    application = _own(request, pk)
    if not application.receipt_pdf:
        raise Http404
    return _download(
        bytes(application.receipt_pdf), "application/pdf", f"Eingangsbestaetigung-{application.reference}.pdf"
    )


@login_required
@require_POST
def payment_start(request, pk: int):
    application = _own(request, pk)
    return_url = request.build_absolute_uri(reverse("egov:payment_return", args=[application.pk]))
    try:
        url = services.payment_start(user=request.user, application=application, return_url=return_url)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("egov:application_review", pk=application.pk)
    return redirect(url)


@login_required
def payment_return(request, pk: int):
    application = _own(request, pk)
    try:
        payment = services.payment_complete(user=request.user, application=application, params=request.GET.dict())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if payment.status == "paid":
            messages.success(request, _("Vielen Dank, die Gebühr ist bezahlt."))
        else:
            messages.error(request, _("Die Zahlung ist nicht zustande gekommen. Bitte versuchen Sie es erneut."))
    return redirect("egov:application_review", pk=application.pk)


@login_required
def mailbox(request):
    return render(
        request,
        "egov/mailbox.html",
        {
            "mailbox": selectors.message_list_for_citizen(user=request.user),
            "unread": selectors.message_unread_count(user=request.user),
        },
    )


@login_required
def message_detail(request, pk: int):
    message = selectors.message_list_for_citizen(user=request.user).filter(pk=pk).first()
    if message is None:
        raise Http404
    services.message_mark_read(user=request.user, message=message)
    return render(request, "egov/message_detail.html", {"message": message})


@login_required
def my_data(request):
    return render(request, "egov/my_data.html", {})


@login_required
def my_data_json(request):
    data = json.dumps(user_data_export(user=request.user), ensure_ascii=False, indent=2)
    return _download(data.encode(), "application/json; charset=utf-8", "meine-daten.json")


@login_required
def my_data_zip(request):
    return _download(user_data_zip(user=request.user), "application/zip", "meine-daten.zip")
