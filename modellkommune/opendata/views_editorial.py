"""Back office of the open-data office (/verwaltung/offene-daten/): datasets, distributions, potential list.

Only the open-data office (permission opendata.manage_catalogue) and administrators; other staff get 403.
The services check again. Generated datasets are shown read-only (the sync rewrites them)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellkommune.accounts.permissions import back_office_required

from . import musterdatenkatalog, quality, services, services_editorial
from .forms import DatasetBackofficeForm, DistributionForm, PotentialDecisionForm
from .models import Dataset, Distribution
from .selectors import dataset_list_all, potential_list, user_is_opendata_office


def opendata_office_required(view):
    @back_office_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not user_is_opendata_office(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@opendata_office_required
def index(request):
    rows = [(d, quality.dataset_assess(d), musterdatenkatalog.entry(d.musterdatensatz)) for d in dataset_list_all()]
    return render(request, "opendata/backoffice/index.html", {"rows": rows})


def _dataset_values(form) -> dict:
    data = form.cleaned_data
    return {k: data[k] for k in services.DATASET_FIELDS if k in data and k != "published"}


@opendata_office_required
def dataset_edit(request, slug: str | None = None):
    dataset = get_object_or_404(Dataset, slug=slug) if slug else None
    readonly = dataset is not None and dataset.is_generated
    form = DatasetBackofficeForm(request.POST or None, instance=dataset)
    if request.method == "POST" and not readonly and form.is_valid():
        values = _dataset_values(form)
        try:
            if dataset is None:
                dataset = services.dataset_create(
                    actor=request.user, slug=form.cleaned_data.get("slug") or "", published=False, **values
                )
                messages.success(
                    request,
                    _("Der Datensatz wurde als Entwurf angelegt. Fügen Sie Dateien hinzu und veröffentlichen Sie ihn."),
                )
            else:
                services.dataset_update(dataset=dataset, actor=request.user, **values)
                messages.success(request, _("Der Datensatz wurde gespeichert."))
            return redirect("opendata:backoffice_dataset", slug=dataset.slug)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    context = {"form": form, "dataset": dataset, "readonly": readonly}
    if dataset is not None:
        dataset = Dataset.objects.prefetch_related("distributions").get(pk=dataset.pk)
        context |= {
            "dataset": dataset,
            "assessment": quality.dataset_assess(dataset),
            "max_score": quality.MAX_SCORE,
            "distributions": list(dataset.distributions.all()),
            "musterdatensatz": musterdatenkatalog.entry(dataset.musterdatensatz),
        }
    return render(request, "opendata/backoffice/dataset_form.html", context)


@opendata_office_required
@require_POST
def dataset_publish(request, slug: str):
    dataset = get_object_or_404(Dataset, slug=slug)
    publish = request.POST.get("action") == "publish"
    try:
        services_editorial.dataset_set_published(dataset=dataset, actor=request.user, published=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Der Datensatz ist veröffentlicht.") if publish else _("Der Datensatz ist nicht mehr öffentlich."),
        )
    return redirect("opendata:backoffice_dataset", slug=dataset.slug)


def _upload(request) -> tuple[str, bytes] | None:
    upload = request.FILES.get("file")
    if not upload:
        return None
    if upload.size > services.MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("Datei: Die Datei ist größer als 20 MB.")})
    return upload.name, upload.read()


@opendata_office_required
def distribution_edit(request, slug: str, pk: int | None = None):
    dataset = get_object_or_404(Dataset, slug=slug)
    dist = get_object_or_404(Distribution, pk=pk, dataset=dataset) if pk is not None else None
    if dataset.is_generated:
        raise PermissionDenied
    form = DistributionForm(request.POST or None, request.FILES or None, instance=dist)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data.get(k) for k in services_editorial.EDITABLE_DISTRIBUTION_FIELDS}
        data = {k: ("" if v is None and k != "order" else v) for k, v in data.items()}
        data["order"] = data["order"] or 0
        try:
            file = _upload(request)
            if dist is None:
                dist = services.distribution_create(dataset=dataset, actor=request.user, file=file, **data)
            else:
                services_editorial.distribution_update(distribution=dist, actor=request.user, file=file, **data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Die Distribution „%(t)s“ wurde gespeichert.") % {"t": dist.title})
            return redirect("opendata:backoffice_dataset", slug=dataset.slug)
    return render(
        request, "opendata/backoffice/distribution_form.html", {"form": form, "dataset": dataset, "distribution": dist}
    )


@opendata_office_required
def distribution_delete(request, slug: str, pk: int):
    dataset = get_object_or_404(Dataset, slug=slug)
    dist = get_object_or_404(Distribution, pk=pk, dataset=dataset)
    if dataset.is_generated:
        raise PermissionDenied
    if request.method == "POST":
        try:
            services_editorial.distribution_delete(distribution=dist, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Die Distribution wurde gelöscht."))
        return redirect("opendata:backoffice_dataset", slug=dataset.slug)
    return render(request, "opendata/backoffice/distribution_delete.html", {"dataset": dataset, "distribution": dist})


@opendata_office_required
def potential(request):
    if request.method == "POST":
        form = PotentialDecisionForm(request.POST)
        if form.is_valid():
            try:
                services_editorial.potential_decide(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Die Entscheidung wurde gespeichert."))
        else:
            messages.error(request, _("Die Angaben waren unvollständig. Bitte versuchen Sie es erneut."))
        return redirect("opendata:backoffice_potential")
    rows = potential_list()
    show = request.GET.get("anzeigen", "offen")
    if show not in {"offen", "alle"}:
        messages.warning(
            request, _("Unbekannte Ansicht „%(v)s“: Es werden die offenen Einträge gezeigt.") % {"v": show}
        )
        show = "offen"
    visible = [r for r in rows if show == "alle" or r["decision"] is None]
    return render(
        request,
        "opendata/backoffice/potential.html",
        {
            "rows": visible,
            "show": show,
            "counts": {
                "open": sum(1 for r in rows if r["decision"] is None),
                "planned": sum(1 for r in rows if r["decision"] and r["decision"].status == "planned"),
                "not_relevant": sum(1 for r in rows if r["decision"] and r["decision"].status == "not_relevant"),
            },
            "source_url": musterdatenkatalog.SOURCE_URL,
        },
    )
