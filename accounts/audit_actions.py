"""What the accounts app's audit entries mean: clients and their teams, complaints, contact reports,
prospects, status reports and surveys. Imported from AccountsConfig.ready(); see agency.core.audit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agency.core import audit
from agency.core.models import Department

from .models import AccountTeamMember, Client, Complaint, ProspectActivity, SatisfactionSurvey

# Archiving is recorded as a change of a "status" the client row does not have (it keeps archived_at).
CLIENT_STATUS = {
    "active": pgettext_lazy("client status", "active"),
    "archived": pgettext_lazy("client status", "archived"),
}

# ── Clients, brands, contacts, teams ─────────────────────────────────────────

audit.register("client.created", _("%(actor)s created the client %(target)s"), link="accounts:client_detail")
audit.register(
    "client.updated",
    _("%(actor)s changed %(target)s: %(changes)s"),
    link="accounts:client_detail",
    values=audit.field_changes(
        Client, within="changes", names={"status": _("status")}, labels={"status": CLIENT_STATUS}
    ),
)
audit.register("client.deleted", _("%(actor)s deleted the client %(name)s (%(code)s)"))
audit.register(
    "client.team_changed",
    {
        "": _("%(actor)s put %(name)s on the team of %(target)s as %(role)s"),
        "removed": _("%(actor)s took %(name)s off the team of %(target)s"),
    },
    variant=audit.has("removed"),
    link="accounts:client_detail",
    choices={"role": AccountTeamMember.Role},
)
audit.register("brand.created", _("%(actor)s added the brand %(target)s"))
audit.register("brand.updated", _("%(actor)s edited the brand %(target)s"))
audit.register("contact.created", _("%(actor)s added the contact %(target)s"))
audit.register("contact.updated", _("%(actor)s edited the contact %(target)s"))

# ── Complaints ───────────────────────────────────────────────────────────────

# The stored name starts with the category in the writer's language ("#12 Service · Client"): keep the number.
complaint = {"link": "complaints:detail", "target": audit.titled(_("complaint"), keep=r"^#\d+")}
audit.register(
    "complaint.received",
    _("%(actor)s recorded %(target)s (%(channel)s; %(priority)s)"),
    choices={"channel": Complaint.Channel, "priority": Complaint.Priority, "category": Complaint.Category},
    **complaint,
)
audit.register(
    "complaint.routed",
    _("%(actor)s routed %(target)s to %(department)s (%(to)s)"),
    choices={"department": Department},
    **complaint,
)
audit.register(
    "complaint.answered",
    {
        "": _("%(actor)s answered %(target)s after the agreed time"),
        "within_sla": _("%(actor)s answered %(target)s within the agreed time"),
    },
    variant=audit.has("within_sla"),
    **complaint,
)
audit.register(
    "complaint.plan_recorded",
    {
        "": _("%(actor)s recorded the handling plan of %(target)s after its deadline"),
        "in_time": _("%(actor)s recorded the handling plan of %(target)s"),
    },
    variant=audit.has("in_time"),
    **complaint,
)
audit.register(
    "complaint.investigated",
    {
        "": _("%(actor)s investigated %(target)s: not founded"),
        "founded": _("%(actor)s investigated %(target)s: founded"),
    },
    variant=audit.has("founded"),
    **complaint,
)
audit.register(
    "complaint.remedy_proposed", _("%(actor)s proposed a remedy for %(target)s (round %(round)s)"), **complaint
)
audit.register(
    "complaint.closed",
    {
        "": _("%(actor)s closed %(target)s"),
        "accepted": _("%(actor)s closed %(target)s; the client had accepted the remedy"),
    },
    variant=audit.has("accepted"),
    **complaint,
)
audit.register("complaint.remedy_accepted", _("%(actor)s accepted the remedy for %(target)s"), **complaint)
audit.register(
    "complaint.remedy_refused",
    {
        "": _("%(actor)s did not accept the remedy for %(target)s"),
        "comment": _("%(actor)s did not accept the remedy for %(target)s: %(comment)s"),
    },
    variant=audit.has("comment"),
    **complaint,
)

# ── Contact reports and their action items ───────────────────────────────────


def _contact_report_page(event):
    client_id = event.data.get("client")
    return reverse("accounts:contact_report_detail", args=[client_id, event.object_id]) if client_id else None


audit.register(
    "contact_report.created",
    _("%(actor)s wrote the contact report %(target)s (%(action_items)s action items)"),
    link=_contact_report_page,
)
audit.register("action_item.done", _("%(actor)s marked the action item %(target)s done"))
audit.register("action_item.reopened", _("%(actor)s reopened the action item %(target)s"))

# ── Prospects ────────────────────────────────────────────────────────────────

prospect = {"link": "prospects:detail"}
audit.register("prospect.created", _("%(actor)s added the prospect %(target)s"), **prospect)
audit.register("prospect.updated", _("%(actor)s edited the prospect %(target)s"), **prospect)
audit.register(
    "prospect.activity_added",
    _("%(actor)s added an activity to %(target)s: %(kind)s"),
    choices={"kind": ProspectActivity.Kind},
    **prospect,
)
audit.register("prospect.contact_added", _("%(actor)s added %(name)s as a contact of %(target)s"), **prospect)
audit.register("prospect.won", _("%(actor)s marked %(target)s as won"), **prospect)
audit.register("prospect.lost", _("%(actor)s marked %(target)s as lost: %(reason)s"), **prospect)
audit.register("prospect.reopened", _("%(actor)s reopened the prospect %(target)s"), **prospect)
audit.register("prospect.converted", _("%(actor)s made %(target)s a client"), **prospect)

# ── Status reports and satisfaction surveys ──────────────────────────────────

# The stored name starts with the kind of report in the writer's language: keep the period's date.
status_report = {"target": audit.titled(_("status report"), keep=r"\d{4}-\d{2}-\d{2}$")}
audit.register("status_report.drafted", _("%(actor)s drafted %(target)s"), **status_report)
audit.register("status_report.edited", _("%(actor)s edited %(target)s"), **status_report)
audit.register("status_report.sent", _("%(actor)s sent %(target)s to %(contact)s"), **status_report)
audit.register("status_report.acknowledged", _("%(actor)s acknowledged %(target)s"), **status_report)

audit.register(
    "survey.sent",
    _("%(actor)s sent a satisfaction survey to %(contact)s (%(reason)s)"),
    choices={"reason": SatisfactionSurvey.Reason},
)
audit.register("survey.answered", _("%(actor)s answered a satisfaction survey: score %(score)s"))
audit.register("survey.followed_up", _("%(actor)s followed up the satisfaction survey %(target)s"))
