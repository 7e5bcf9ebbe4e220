from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage


class ContactForm(forms.ModelForm):
    # A field people do not see; bots fill it in. Its label tells screen-reader users to skip it.
    website = forms.CharField(required=False, label=_("Bitte dieses Feld leer lassen"))

    class Meta:
        model = ContactMessage
        fields = ["topic", "name", "email", "subject", "message", "page_url"]
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"page_url": _("Optional: die Adresse der Seite, auf der Sie eine Barriere gefunden haben.")}

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Ihre Nachricht konnte nicht angenommen werden."))
        return ""


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), max_length=200, required=False)
    bereich = forms.SlugField(label=_("Bereich"), max_length=40, required=False)
