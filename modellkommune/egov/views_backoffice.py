"""Back office under /verwaltung/antraege/: queues per department, case handling, form editing."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from modellkommune.accounts.permissions import back_office_required
from modellkommune.core.parsing import parse_id
from modellkommune.core.selectors import department_list

from . import selectors, services
from .constants import ApplicationStatus
from .forms import AssignForm, DeadlineForm, FimImportForm, NoteForm, SchemaEditForm, StatusForm
from .formschema import SchemaForm
from .models import Service


def _errors_to_form(form, exc: ValidationError) -> None:
    errors_by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, errors in errors_by_field.items():
        form.add_error(field if field in form.fields else None, errors)


@back_office_required
def queue(request):
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    mine = request.GET.get("mine") == "1"
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.application_queue(user=request.user, status=status, mine=mine, overdue=overdue)
    all_departments = selectors.user_sees_all_departments(user=request.user)
    department = parse_id(request.GET.get("department"))
    if all_departments and department is not None:
        qs = qs.filter(service__department_id=department)
    return render(
        request,
        "egov/backoffice/queue.html",
        {
            "applications": qs[:200],
            "status": status,
            "mine": mine,
            "overdue": overdue,
            "statuses": [s for s in ApplicationStatus if s != ApplicationStatus.DRAFT],
            "departments": department_list() if all_departments else None,
            "department": department,
        },
    )


def _staff_application(request, pk: int):
    application = selectors.application_get_for_staff(user=request.user, pk=pk)
    if application is None:
        raise Http404
    return application


@back_office_required
def application_manage(request, pk: int):
    application = _staff_application(request, pk)
    staff = selectors.staff_for_department(department_id=application.service.department_id)
    forms = {
        "status": StatusForm(current=application.status),
        "assign": AssignForm(staff=staff, initial={"assignee": application.assigned_to_id}),
        "note": NoteForm(),
        "deadline": DeadlineForm(initial={"due_date": application.due_date}),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in forms:
            raise Http404
        form_class = {"status": StatusForm, "assign": AssignForm, "note": NoteForm, "deadline": DeadlineForm}[action]
        extra = (
            {"current": application.status} if action == "status" else {"staff": staff} if action == "assign" else {}
        )
        form = form_class(request.POST, prefix=None, **extra)
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "status":
                    services.application_status_change(actor=request.user, application=application, **data)
                elif action == "assign":
                    services.application_assign(actor=request.user, application=application, assignee=data["assignee"])
                elif action == "note":
                    services.application_note_add(actor=request.user, application=application, text=data["text"])
                else:
                    services.application_deadline_set(
                        actor=request.user, application=application, due_date=data["due_date"]
                    )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Gespeichert."))
                return redirect("egov:backoffice_application", pk=application.pk)
    return render(
        request,
        "egov/backoffice/application.html",
        {
            "application": application,
            "rows": _rows(application),
            "forms": forms,
            "notes": application.notes.select_related("author"),
            "history": selectors.application_history(application=application),
            "thread": application.messages.all().order_by("created"),
        },
    )


def _rows(application):
    from .views import _rows as rows

    return rows(application)


@back_office_required
def application_file(request, pk: int, file_pk: int):
    application = _staff_application(request, pk)
    stored = get_object_or_404(application.files, pk=file_pk)
    response = HttpResponse(bytes(stored.content), content_type=stored.mime_type)
    response["Content-Disposition"] = f'attachment; filename="{stored.name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _services_for(user):
    qs = Service.objects.select_related("department").order_by("name")
    if selectors.user_sees_all_departments(user=user):
        return qs
    return qs.filter(department_id=user.department_id)


@back_office_required
def service_list(request):
    return render(request, "egov/backoffice/service_list.html", {"services": _services_for(request.user)})


@back_office_required
def service_form_edit(request, slug: str):
    service = get_object_or_404(_services_for(request.user), slug=slug)
    edit_form = SchemaEditForm(initial={"schema": json.dumps(service.form_schema, ensure_ascii=False, indent=2)})
    fim_form = FimImportForm()
    if request.method == "POST":
        action = request.POST.get("action")
        form = SchemaEditForm(request.POST) if action == "save" else FimImportForm(request.POST, request.FILES)
        if action == "save":
            edit_form = form
        else:
            fim_form = form
        if form.is_valid():
            try:
                if action == "save":
                    services.service_form_update(
                        actor=request.user, service=service, schema=form.cleaned_data["schema"]
                    )
                else:
                    services.service_form_import_fim(
                        actor=request.user, service=service, fim=form.cleaned_data["fim_file"]
                    )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            except PermissionDenied:
                raise
            else:
                messages.success(request, _("Das Antragsformular ist gespeichert."))
                return redirect("egov:backoffice_service_form", slug=service.slug)
    preview = SchemaForm(schema=service.form_schema, auto_id="preview_%s") if service.form_schema else None
    return render(
        request,
        "egov/backoffice/service_form.html",
        {"service": service, "edit_form": edit_form, "fim_form": fim_form, "preview": preview},
    )
