from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from agency.core.forms import AmountField
from agency.core.models import ACCOUNT_TITLES

from .access import MIN_REASON_LENGTH
from .models import Rating, Relationship, Review

NOT_OBSERVED = ""
RATING_CHOICES = [*Rating.choices, (NOT_OBSERVED, _("Not observed"))]
ACCOUNT_TITLE_CHOICES = [(t.value, t.label) for t in ACCOUNT_TITLES]


class RatingsForm(forms.Form):
    """A rating (or "not observed") and a comment per item, then overall comments. `key(item)` names the
    item's fields: rating_<key>, comment_<key>."""

    overall_comments = forms.CharField(
        label=_("Overall comments"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, items, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.items, self.key = items, key
        for item in items:
            self.fields[f"rating_{key(item)}"] = forms.TypedChoiceField(
                label=_("Rating"),
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{key(item)}"] = forms.CharField(
                label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )

    def clean(self):
        data = super().clean()
        for item in self.items:
            # "Not observed" is a deliberate answer: an unanswered radio group is not.
            if f"rating_{self.key(item)}" not in self.data:
                self.add_error(f"rating_{self.key(item)}", _("Choose a rating or “not observed”."))
        return data

    def rows(self):
        for item in self.items:
            yield item, self[f"rating_{self.key(item)}"], self[f"comment_{self.key(item)}"]

    def ratings(self):
        return {
            self.key(item): (
                self.cleaned_data[f"rating_{self.key(item)}"],
                self.cleaned_data[f"comment_{self.key(item)}"].strip(),
            )
            for item in self.items
        }


class FeedbackForm(RatingsForm):
    """A colleague's feedback: a rating and a comment per competency of the review's framework."""

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, items=competencies, key=lambda competency: competency.pk, **kwargs)
        self.competencies = competencies

    def answers(self):
        return self.ratings()


class ClientFeedbackForm(RatingsForm):
    """A client contact's answers by link: a rating and a comment per client question (not the internal
    competencies), in the contact's language; answers() carries the overall comments too."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, items=questions, key=lambda question: question.code, **kwargs)
        self.questions = questions

    def answers(self):
        return {"ratings": self.ratings(), "overall_comments": self.cleaned_data["overall_comments"].strip()}


class AddReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Colleague"), queryset=get_user_model().objects.none(), required=False)
    relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=[(v, lbl) for v, lbl in Relationship.choices if v not in ("self", "supervisor", "client")],
        required=False,
    )
    contact = forms.ModelChoiceField(label=_("Client contact"), queryset=None, required=False)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = get_user_model().objects.filter(is_active=True)
        self.fields["contact"].queryset = contacts

    def clean(self):
        data = super().clean()
        if bool(data.get("reviewer")) == bool(data.get("contact")):
            raise forms.ValidationError(_("Choose either a colleague or a client contact."))
        if data.get("reviewer") and not data.get("relationship"):
            self.add_error("relationship", _("Say how this colleague works with the person."))
        return data


class DiscussionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Review
        fields = ["supervisor_summary", "overall_rating", "meeting_on", "meeting_notes"]
        widgets = {
            "supervisor_summary": forms.Textarea(attrs={"rows": 4}),
            "meeting_notes": forms.Textarea(attrs={"rows": 4}),
            "meeting_on": forms.DateInput(attrs={"type": "date"}),
        }


class EmployeeCommentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Review
        fields = ["employee_comments"]
        widgets = {"employee_comments": forms.Textarea(attrs={"rows": 4})}


class RawAnswersForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see the raw answers?"),
        help_text=_("Recorded in the audit log with your name."),
        min_length=MIN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("For example “2026 H2”."))
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs={"type": "date"}))
    feedback_deadline = forms.DateField(label=_("Feedback deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    titles = forms.MultipleChoiceField(
        label=_("Titles in scope"),
        choices=ACCOUNT_TITLE_CHOICES,
        initial=[t.value for t in ACCOUNT_TITLES],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class AdHocReviewForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=get_user_model().objects.filter(is_active=True, title__in=ACCOUNT_TITLES)
    )
    reason = forms.CharField(label=_("Occasion"), max_length=150, help_text=_("For example “end of probation”."))
    feedback_deadline = forms.DateField(label=_("Feedback deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class CompetencyForm(forms.Form):
    name = forms.CharField(label=_("Name (English)"), max_length=200)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    behaviours = forms.CharField(
        label=_("Behaviours"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: English name | Chinese name | description"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in ACCOUNT_TITLE_CHOICES:
            self.fields[f"expectation_{value}"] = forms.CharField(
                label=_("Expectation for %(title)s") % {"title": label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def clean_behaviours(self):
        rows = []
        for line in self.cleaned_data["behaviours"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", ""]
            if not parts[0]:
                raise forms.ValidationError(_("Every behaviour needs an English name before the first “|”."))
            rows.append((parts[0][:200], parts[1][:200], parts[2]))
        if not rows:
            raise forms.ValidationError(_("List at least one behaviour."))
        return rows

    def expectations(self):
        return {value: self.cleaned_data[f"expectation_{value}"] for value, _label in ACCOUNT_TITLE_CHOICES}

    @classmethod
    def initial_for(cls, competency):
        initial = {
            "name": competency.name,
            "name_zh": competency.name_zh,
            "description": competency.description,
            "behaviours": "\n".join(f"{b.name} | {b.name_zh} | {b.description}" for b in competency.behaviours.all()),
        }
        for expectation in competency.expectations.all():
            initial[f"expectation_{expectation.title}"] = expectation.text
        return initial


# Campaign evaluation


class KPIResultForm(forms.Form):
    actual = AmountField(label=_("Actual"), max_digits=16, decimal_places=4)
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—")])
    measured_on = forms.DateField(label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        from .models import KPIResult

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *KPIResult.Source.choices]


class LearningsForm(forms.Form):
    learnings = forms.CharField(
        label=_("Learnings"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
        help_text=_("What worked, what did not, and what the next campaign should do differently."),
    )


class PostAnalysisForm(forms.Form):
    summary = forms.CharField(label=_("Summary and learnings"), widget=forms.Textarea(attrs={"rows": 5}))
