"""The page "Konto löschen" in Mein Bereich; the work is done by deletion.user_self_delete."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .deletion import user_self_delete, user_self_delete_blockers


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Ihr Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Zur Sicherheit bestätigen Sie die Löschung mit Ihrem Passwort."),
    )
    confirm = forms.BooleanField(
        label=_("Ich möchte mein Konto und meine Daten endgültig löschen."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten.")},
    )


@login_required
def account_delete(request):
    blockers = user_self_delete_blockers(user=request.user)
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            user_self_delete(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            logout(request)
            messages.success(request, _("Ihr Konto und Ihre Daten wurden gelöscht. Sie sind abgemeldet."))
            return redirect("/")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form, "blockers": blockers}, status=status)
