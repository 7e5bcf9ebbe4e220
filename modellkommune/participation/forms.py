from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import SuggestionKind


class SuggestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art Ihrer Eingabe"), choices=SuggestionKind.choices, widget=forms.RadioSelect, initial="anregung"
    )
    title = forms.CharField(label=_("Betreff"), max_length=200, help_text=_("In einem Satz: worum geht es?"))
    text = forms.CharField(
        label=_("Ihr Anliegen"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Was soll der Rat tun oder ändern? Bitte nennen Sie keine Daten anderer Personen."),
    )
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        required=False,
        help_text=_("Nur nötig, wenn er veröffentlicht werden soll."),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        help_text=_("Für die Bestätigung und Nachrichten zum Stand. Sie wird nicht veröffentlicht."),
    )
    publish = forms.BooleanField(
        label=_("Meine Eingabe darf öffentlich im Rat behandelt und im Ratsinformationssystem gezeigt werden."),
        required=False,
        initial=True,
    )
    show_name = forms.BooleanField(
        label=_("Mein Name darf dabei genannt werden."),
        required=False,
        help_text=_("Ohne diese Angabe erscheint „eine Einwohnerin oder ein Einwohner“."),
    )
    # A field people do not see; bots fill it in. Its label tells screen-reader users to skip it.
    website = forms.CharField(required=False, label=_("Bitte dieses Feld leer lassen"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["email"]
            self.fields["name"].initial = user.get_full_name()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Bitte lassen Sie dieses Feld leer."))
        return ""


class RegisterForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Zuständiger Ausschuss (optional)"), queryset=None, required=False, empty_label=_("später festlegen")
    )

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class AssignForm(RegisterForm):
    committee = forms.ModelChoiceField(label=_("Zuständiger Ausschuss"), queryset=None)


class DecisionForm(forms.Form):
    decision = forms.CharField(
        label=_("Entscheidung oder Begründung"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Dieser Text wird der Person mitgeteilt, die die Eingabe gemacht hat."),
    )


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    request = forms.CharField(
        label=_("Begehren"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Worüber soll der Rat beraten und entscheiden? Möglichst als Beschlussvorschlag."),
    )
    reasoning = forms.CharField(label=_("Begründung"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8}))
    representatives = forms.CharField(
        label=_("Vertretungsberechtigte Personen"),
        max_length=400,
        help_text=_("Bis zu drei Namen, durch Komma getrennt (§ 25 Abs. 2 GO NRW)."),
    )


class SupportForm(forms.Form):
    address = forms.CharField(
        label=_("Ihre Anschrift in der Stadt"),
        max_length=300,
        help_text=_(
            "§ 25 Abs. 4 GO NRW verlangt Name, Vorname, Geburtsdatum und Anschrift; die Stadt prüft die Angaben."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Ich wohne seit mindestens drei Monaten in der Stadt und bin mindestens 14 Jahre alt."),
        required=True,
    )
