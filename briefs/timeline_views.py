"""The timeline template page: managers set, per campaign type, which milestone each default checklist
step hangs on and how many business days from it the step is due. Rule: "The campaign timeline"
(docs/practice.md)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agency.core import permissions

from .models import DEFAULT_STEPS, CampaignType, Milestone, timeline_for
from .services.timeline import timeline_rule_set
from .workflow import WorkflowError


class TimelineTemplateForm(forms.Form):
    """Two fields per default step: its milestone and its offset in business days."""

    def __init__(self, *args, timeline, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for stage, steps in DEFAULT_STEPS.items():
            for key, label in steps:
                milestone, offset = timeline[key]
                self.fields[f"{key}-milestone"] = forms.ChoiceField(
                    label=gettext_lazy("Milestone"), choices=Milestone.choices, initial=milestone
                )
                self.fields[f"{key}-offset"] = forms.IntegerField(
                    label=gettext_lazy("Business days"), min_value=-250, max_value=250, initial=offset
                )
                self.rows.append((stage, key, label, self[f"{key}-milestone"], self[f"{key}-offset"]))

    def rules(self):
        for _stage, key, _label, _milestone, _offset in self.rows:
            yield key, Milestone(self.cleaned_data[f"{key}-milestone"]), self.cleaned_data[f"{key}-offset"]


@login_required
def timeline_template(request):
    permissions.require(request.user, "timeline.edit")
    campaign_type = request.GET.get("type") or CampaignType.INTEGRATED
    if campaign_type not in CampaignType.values:
        campaign_type = CampaignType.INTEGRATED
    form = TimelineTemplateForm(request.POST or None, timeline=timeline_for(campaign_type))
    if request.method == "POST" and form.is_valid():
        changed = 0
        try:
            for key, milestone, offset in form.rules():
                changed += (
                    timeline_rule_set(
                        campaign_type=campaign_type, key=key, milestone=milestone, offset_days=offset, by=request.user
                    )
                    is not None
                )
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Timeline template saved: %(count)s steps changed. Campaigns created from now on follow it.")
                % {"count": changed},
            )
            return redirect(f"{request.path}?type={campaign_type}")
    return render(
        request,
        "briefs/timeline_template.html",
        {"form": form, "campaign_type": CampaignType(campaign_type), "types": CampaignType.choices},
    )
