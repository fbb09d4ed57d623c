"""State changes for the creative brief: drafting, new versions, sending to the client, the client's answer."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agency.core import audit, decisions, permissions
from briefs.models import Action, BriefKPI, BriefVersion, CreativeBrief, KPIDirection
from briefs.workflow import step_done, tick_step_done_by_client_approval


class BriefError(Exception):
    """Not allowed for the brief in its current state; the message says why."""


class BriefEditConflict(BriefError):
    """Someone else saved the brief since this person opened it. Nothing of theirs was saved."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _("%(name)s saved this brief while you were editing it. Your text is below, not saved yet.")
            % {"name": current.updated_by}
        )


def latest_version(brief):
    return brief.versions.order_by("-number").first()


def brief_start(*, campaign, by):
    """The campaign's brief with its first, empty draft."""
    with transaction.atomic():
        brief, created = CreativeBrief.objects.get_or_create(campaign=campaign)
        if created:
            BriefVersion.objects.create(
                brief=brief, client_id=campaign.client_id, number=1, created_by=by, updated_by=by
            )
            audit.record("brief.started", obj=brief, actor=by)
    return brief


def _set_kpis(version, kpis):
    version.kpis.all().delete()
    BriefKPI.objects.bulk_create(
        BriefKPI(
            version=version,
            position=i,
            name=k["name"],
            target=k["target"],
            unit=k.get("unit", ""),
            measured_by=k.get("measured_by", ""),
            direction=k.get("direction") or KPIDirection.HIGHER,
        )
        for i, k in enumerate(kpis)
    )


def _supersede_older(brief, new_version, *, by):
    """A newer version exists: older open versions step aside and their client links stop working."""
    older = list(
        brief.versions.exclude(pk=new_version.pk).filter(
            status__in=[BriefVersion.Status.DRAFT, BriefVersion.Status.SENT, BriefVersion.Status.APPROVED]
        )
    )
    for version in older:
        version.status = BriefVersion.Status.SUPERSEDED
        version.save(update_fields=["status", "updated_at"])
    decisions.supersede_open_requests(documents=list(brief.versions.exclude(pk=new_version.pk)), by=by)


def _new_version_from(base, *, data=None, kpis=None, by):
    fields = {name: getattr(base, name) for name in BriefVersion.TEXT_FIELDS}
    fields["budget"] = base.budget
    if data is not None:
        fields.update(data)
    version = BriefVersion.objects.create(
        brief=base.brief, client_id=base.client_id, number=base.number + 1, created_by=by, updated_by=by, **fields
    )
    if kpis is None:
        kpis = [
            {"name": k.name, "target": k.target, "unit": k.unit, "measured_by": k.measured_by, "direction": k.direction}
            for k in base.kpis.all()
        ]
    _set_kpis(version, kpis)
    _supersede_older(base.brief, version, by=by)
    return version


def brief_save(*, brief, data, kpis, base_number, base_revision, by):
    """Save what the person edited, based on version `base_number` at `base_revision`.

    A draft is changed in place; a version that was sent, approved or answered starts a new version,
    so what the client saw stays readable. A save based on anything but the latest text is refused
    with BriefEditConflict and changes nothing.
    """
    with transaction.atomic():
        CreativeBrief.objects.select_for_update().get(pk=brief.pk)  # one save at a time per brief
        latest = latest_version(brief)
        if latest.number != base_number or latest.revision != base_revision:
            raise BriefEditConflict(latest)
        if latest.is_editable:
            changed = [name for name, value in data.items() if getattr(latest, name) != value]
            for name, value in data.items():
                setattr(latest, name, value)
            latest.revision += 1
            latest.updated_by = by
            latest.save()
            _set_kpis(latest, kpis)
            audit.record("brief.saved", obj=latest, actor=by, data={"version": latest.number, "fields": changed})
            return latest
        version = _new_version_from(latest, data=data, kpis=kpis, by=by)
        audit.record("brief.version_started", obj=version, actor=by, data={"from": latest.number})
        return version


def brief_send_for_approval(*, version, contact, by, request=None):
    """Email the client contact a link to approve exactly this version."""
    permissions.require(by, "document.send_to_client", client=contact.client_id)
    with transaction.atomic():
        version = BriefVersion.objects.select_for_update().get(pk=version.pk)
        if version != latest_version(version.brief):
            raise BriefError(_("Only the latest version can be sent to the client."))
        if version.status not in (BriefVersion.Status.DRAFT, BriefVersion.Status.SENT):
            raise BriefError(_("This version was already answered. Edit the brief to start a new version."))
        decision_request = decisions.request_decision(document=version, contact=contact, by=by, request=request)
        if version.status != BriefVersion.Status.SENT:
            version.status = BriefVersion.Status.SENT
            version.save(update_fields=["status", "updated_at"])
        audit.record("brief.sent", obj=version, actor=by, data={"version": version.number, "contact": contact.email})
        step_done(version.brief.campaign_id, Action.BRIEF_SENT, by=by)
    return decision_request


def brief_on_approved(*, document, decision):
    """Called by agency.core.decisions inside the deciding transaction."""
    document.status = BriefVersion.Status.APPROVED
    document.save(update_fields=["status", "updated_at"])
    audit.record("brief.approved", obj=document, contact=decision.contact, data={"version": document.number})
    tick_step_done_by_client_approval(document=document, decision=decision)


def brief_on_changes_requested(*, document, decision):
    """The client asked for changes: the version keeps what they saw; a new draft carries on from it."""
    document.status = BriefVersion.Status.CHANGES_REQUESTED
    document.save(update_fields=["status", "updated_at"])
    audit.record(
        "brief.changes_requested",
        obj=document,
        contact=decision.contact,
        data={"version": document.number, "comment": decision.comment},
    )
    _new_version_from(document, by=decision.request.requested_by)


def brief_is_approved(campaign):
    """The gate out of the brief stage: the latest version is approved by the client, as it stands."""
    brief = CreativeBrief.objects.filter(campaign=campaign).first()
    latest = latest_version(brief) if brief else None
    return bool(latest and latest.status == BriefVersion.Status.APPROVED and decisions.approval_for(latest))


def compare_versions(old, new):
    """The fields that differ between two versions, in brief order: [{"label", "old", "new"}]."""
    changes = []

    def add(name, label, a, b):
        if a != b:
            changes.append({"field": name, "label": label, "old": a, "new": b})

    for name in BriefVersion.TEXT_FIELDS[:3]:
        add(name, BriefVersion._meta.get_field(name).verbose_name, getattr(old, name), getattr(new, name))
    add(
        "kpis",
        _("measurable objectives (KPIs)"),
        "\n".join(k.canonical() for k in old.kpis.all()),
        "\n".join(k.canonical() for k in new.kpis.all()),
    )
    for name in BriefVersion.TEXT_FIELDS[3:]:
        add(name, BriefVersion._meta.get_field(name).verbose_name, getattr(old, name), getattr(new, name))
    fmt = lambda v: "" if v is None else f"{v:.2f}"  # noqa: E731
    add("budget", BriefVersion._meta.get_field("budget").verbose_name, fmt(old.budget), fmt(new.budget))
    return changes


# --- reads for the brief page (a fixed number of queries whatever the number of versions) -------------


def brief_page(campaign):
    """Everything the brief page shows: versions, the latest one, approval, and every client link's history."""
    from agency.core.models import DecisionRequest

    brief = CreativeBrief.objects.filter(campaign=campaign).first()
    empty = {"brief": None, "latest": None, "versions": [], "requests": [], "approval": None, "can_send": False}
    if brief is None:
        return empty
    versions = list(brief.versions.select_related("updated_by").order_by("-number"))
    latest = versions[0]
    numbers = {v.pk: v.number for v in versions}
    requests = list(
        DecisionRequest.objects.for_documents(versions)
        .select_related("contact", "requested_by", "decision__recorded_by", "decision__evidence")
        .order_by("-created_at", "-id")
    )
    history = decisions.request_history(requests)
    for r in requests:
        r.version_number = numbers.get(r.document_id)
        r.history = history[r.pk]
    return {
        "brief": brief,
        "latest": latest,
        "versions": versions,
        "requests": requests,
        "approval": decisions.approval_for(latest),
        "can_send": latest.status in (BriefVersion.Status.DRAFT, BriefVersion.Status.SENT),
    }
