from django import forms
from django.utils.translation import gettext_lazy as _

from .services_members import MAX_NOTE_CHARS


class PaperNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Meine Notiz"),
        required=False,
        max_length=MAX_NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Nur Sie sehen diese Notiz. Leer speichern löscht sie."),
    )
