"""What the briefs app's audit entries mean: campaigns and their checklists, the creative brief,
concepts, production estimates and final ads. Imported from BriefsConfig.ready(); see agency.core.audit."""

from django.utils.translation import gettext_lazy as _

from agency.core import audit

from .models import Action, Campaign, CampaignType, ChecklistStep, Milestone, Stage
from .models.checklist import DEFAULT_LABELS

# Several documents share these steps with the client; one sentence each, whatever the document.
SENT = _("%(actor)s sent %(target)s to %(contact)s")
CLIENT_APPROVED = _("%(actor)s approved %(target)s")
CLIENT_CHANGES = {
    "": _("%(actor)s asked for changes to %(target)s"),
    "comment": _("%(actor)s asked for changes to %(target)s: %(comment)s"),
}


def register_client_decisions(kind, **target):
    """The two codes briefs.workflow writes when the client decides on a document of `kind`."""
    audit.register(f"{kind}.client_approved", CLIENT_APPROVED, **target)
    audit.register(f"{kind}.client_changes_requested", CLIENT_CHANGES, variant=audit.has("comment"), **target)


# ── Campaigns and their checklists ───────────────────────────────────────────

campaign = {"link": "campaign_detail"}
stages = {"from": Stage, "to": Stage, "stage": Stage}
audit.register("campaign.created", _("%(actor)s created the campaign %(target)s"), **campaign)
audit.register(
    "campaign.changed", _("%(actor)s changed %(target)s: %(changes)s"), values=audit.field_changes(Campaign), **campaign
)
audit.register("campaign.advanced", _("%(actor)s moved %(target)s from %(from)s to %(to)s"), choices=stages, **campaign)
audit.register("campaign.held", _("%(actor)s put %(target)s on hold: %(reason)s"), **campaign)
audit.register("campaign.resumed", _("%(actor)s resumed %(target)s at %(to)s"), choices=stages, **campaign)
audit.register("campaign.cancelled", _("%(actor)s cancelled %(target)s: %(reason)s"), **campaign)


def _how_ticked(event):
    for key in ("client_approved", "action", "note"):
        if event.data.get(key):
            return key
    return ""


audit.register(
    "checklist.step_done",
    {
        "": _("%(actor)s ticked “%(step)s” on %(target)s"),
        # Ticked by the client's approval of the document (briefs.workflow.tick_step_done_by_client_approval).
        "client_approved": _("%(actor)s approved, which ticked “%(step)s” on %(target)s"),
        # Ticked by the service that did the work (briefs.workflow.step_done).
        "action": _("%(actor)s: %(action)s, which ticked “%(step)s” on %(target)s"),
        # Ticked by hand, with a note (briefs.workflow.step_tick_by_hand).
        "note": _("%(actor)s ticked “%(step)s” on %(target)s: %(note)s"),
    },
    variant=_how_ticked,
    choices={"action": Action, **stages},
    **campaign,
)
audit.register(
    "checklist.step_waived", _("%(actor)s waived “%(step)s” on %(target)s: %(reason)s"), choices=stages, **campaign
)
audit.register(
    "timeline.template_changed",
    _("%(actor)s changed when “%(step)s” is due on %(campaign_type)s campaigns: %(from)s → %(to)s"),
    choices={"campaign_type": CampaignType, "step": DEFAULT_LABELS},
    values=lambda event: {
        key: _("%(days)s business days from %(milestone)s")
        % {"days": event.data[key][1], "milestone": Milestone(event.data[key][0]).label}
        for key in ("from", "to")
        if isinstance(event.data.get(key), list) and len(event.data[key]) == 2
    },
)
audit.register("checklist.step_reopened", _("%(actor)s reopened “%(step)s” on %(target)s"), **campaign)
audit.register(
    "checklist.step_added",
    _("%(actor)s added the step “%(step)s” to %(target)s (%(stage)s)"),
    choices=stages,
    **campaign,
)
audit.register(
    "checklist.step_changed",
    _("%(actor)s changed a checklist step of %(target)s: %(changes)s"),
    values=audit.field_changes(ChecklistStep),
    **campaign,
)
audit.register("checklist.step_removed", _("%(actor)s removed the step “%(step)s” from %(target)s"), **campaign)

# ── The creative brief ───────────────────────────────────────────────────────

# Stored names start with "Creative brief" in the writer's language: keep the version, or the campaign.
brief = {"target": audit.titled(_("creative brief"), keep=r"v\d+$")}
audit.register(
    "brief.started",
    _("%(actor)s started %(target)s"),
    target=audit.titled(_("the creative brief for %(name)s"), keep=r"· (.*)$"),
)
audit.register("brief.saved", _("%(actor)s saved %(target)s"), **brief)
audit.register("brief.version_started", _("%(actor)s started %(target)s from v%(from)s"), **brief)
audit.register("brief.sent", SENT, **brief)
audit.register("brief.approved", CLIENT_APPROVED, **brief)
audit.register("brief.changes_requested", CLIENT_CHANGES, variant=audit.has("comment"), **brief)

# ── Concepts ─────────────────────────────────────────────────────────────────

concept = {"link": "concept_detail", "target": audit.titled(_("the concept"))}
audit.register("concept.created", _("%(actor)s added %(target)s"), **concept)
audit.register(
    "concept.round_started",
    {
        "": _("%(actor)s started concept round %(round)s on %(target)s"),
        "reason": _("%(actor)s started concept round %(round)s on %(target)s: %(reason)s"),
    },
    variant=audit.has("reason"),
    **campaign,
)
audit.register("concept.file_added", _("%(actor)s added the file %(file)s to %(target)s"), **concept)
audit.register("concept.internally_approved", _("%(actor)s approved %(target)s internally"), **concept)
audit.register(
    "concept.internally_rejected",
    {
        "": _("%(actor)s turned down %(target)s internally"),
        "note": _("%(actor)s turned down %(target)s internally: %(note)s"),
    },
    variant=audit.has("note"),
    **concept,
)
audit.register("concept.sent_to_client", SENT, **concept)
register_client_decisions("concept", **concept)

# ── Production estimates and cost overruns ───────────────────────────────────

estimate = {"link": "estimate_detail", "target": audit.titled(_("production estimate"), keep=r"v\d+$")}
audit.register("estimate.version_created", _("%(actor)s started %(target)s"), **estimate)
audit.register(
    "estimate.line_added", _("%(actor)s added a line from %(vendor)s (%(amount)s) to %(target)s"), **estimate
)
audit.register("estimate.line_removed", _("%(actor)s removed the line from %(vendor)s from %(target)s"), **estimate)
audit.register(
    "estimate.actual_recorded",
    _("%(actor)s recorded an actual cost of %(amount)s from %(vendor)s on %(target)s"),
    **estimate,
)
audit.register("estimate.sent_to_client", SENT, **estimate)
register_client_decisions("estimate", **estimate)

# The overrun's stored name is "Overrun 5000.00 CNY" in the writer's language: keep the amount.
overrun = {"target": audit.titled(_("cost overrun"), keep=r"[\d.,]+ \S+$")}
audit.register("estimate.overrun_sent_to_client", SENT, **overrun)
register_client_decisions("estimate_overrun", **overrun)

# ── Final ads ────────────────────────────────────────────────────────────────

final_ad = {"link": "final_ad_detail", "target": audit.titled(_("the final ad"))}
audit.register("final_ad.version_created", _("%(actor)s added %(target)s"), **final_ad)
audit.register("final_ad.compliance_reviewed", _("%(actor)s recorded the compliance review of %(target)s"), **final_ad)
audit.register("final_ad.file_added", _("%(actor)s added the file %(file)s to %(target)s"), **final_ad)
audit.register("final_ad.sent_to_client", SENT, **final_ad)
register_client_decisions("final_ad", **final_ad)
