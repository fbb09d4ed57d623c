"""What the media app's audit entries mean: the media brief, plan versions and their lines, notices to
the client, bookings, and make-goods. Imported from MediaConfig.ready();
see agency.core.audit."""

from django.utils.translation import gettext_lazy as _

from agency.core import audit
from briefs.audit_actions import SENT, register_client_decisions

# ── The media brief and plan versions ────────────────────────────────────────

audit.register(
    "media_brief.saved", _("%(actor)s saved the media brief of %(target)s (revision %(revision)s)"), link="media_home"
)

# The stored name is "Media plan v3" in the writer's language: keep the version.
plan = {"link": "media_plan", "target": audit.titled(_("media plan"), keep=r"v\d+$")}
audit.register("media_plan.version_created", _("%(actor)s started %(target)s"), **plan)
audit.register("media_plan.line_added", _("%(actor)s added line %(line)s to %(target)s (net %(net)s)"), **plan)
audit.register("media_plan.line_changed", _("%(actor)s changed line %(line)s of %(target)s"), **plan)
audit.register("media_plan.line_removed", _("%(actor)s removed line %(line)s from %(target)s"), **plan)
audit.register(
    "media_plan.lines_imported",
    {
        "": _("%(actor)s imported %(lines)s lines into %(target)s"),
        "replaced": _("%(actor)s replaced the lines of %(target)s with %(lines)s imported lines"),
    },
    variant=audit.has("replaced"),
    **plan,
)
audit.register(
    "media_plan.booking_cutoff_set",
    {
        "": _("%(actor)s removed the booking cut-off of %(target)s"),
        "to": _("%(actor)s set the booking cut-off of %(target)s to %(to)s"),
    },
    variant=audit.has("to"),
    **plan,
)
audit.register("media_plan.sent_to_client", SENT, **plan)
register_client_decisions("media_plan", **plan)
# The written confirmations asked before booking besides the plan (media/models/confirmation.py).
recommendation = {"target": audit.titled(_("media recommendation"), keep=r"v\d+$")}
audit.register("media_recommendation.sent_to_client", SENT, **recommendation)
register_client_decisions("media_recommendation", **recommendation)
monthly = {"target": audit.titled(_("monthly media plan"), keep=r"\d{4}-\d{2}$")}
audit.register("monthly_media_plan.sent_to_client", SENT, **monthly)
register_client_decisions("monthly_media_plan", **monthly)

# ── Notices to the client (media.services.bookings.notice_send), one code per kind of notice ──

campaign_media = {"link": "media_home"}
audit.register(
    "media_notice.schedule", _("%(actor)s sent the confirmed schedule of %(target)s to %(contact)s"), **campaign_media
)
audit.register(
    "media_notice.suspension",
    _("%(actor)s told %(contact)s that a booking of %(target)s is suspended"),
    **campaign_media,
)
audit.register(
    "media_notice.resumption", _("%(actor)s told %(contact)s that a booking of %(target)s is resumed"), **campaign_media
)
audit.register(
    "media_notice.make_good", _("%(actor)s told %(contact)s about a make-good on %(target)s"), **campaign_media
)
audit.register("media_notice.end", _("%(actor)s told %(contact)s that %(target)s went off air"), **campaign_media)

# ── Bookings and make-goods ──────────────────────────────────────────────────

booking = {"link": "media_booking", "target": audit.titled(_("the booking"))}
audit.register(
    "booking.requested", _("%(actor)s requested %(target)s (line %(line)s of media plan v%(version)s)"), **booking
)
audit.register(
    "booking.vendor_confirmed",
    _("%(actor)s recorded the media owner’s confirmation of %(target)s (%(vendor_reference)s)"),
    **booking,
)
audit.register("booking.cancelled", _("%(actor)s cancelled %(target)s: %(reason)s"), **booking)
audit.register("booking.suspended", _("%(actor)s suspended %(target)s: %(reason)s"), **booking)
audit.register("booking.resumed", _("%(actor)s resumed %(target)s"), **booking)
audit.register(
    "booking.monitored",
    _("%(actor)s recorded monitoring of %(target)s from %(from)s to %(to)s: %(aired)s of %(scheduled)s spots aired"),
    **booking,
)
audit.register("make_good.created", _("%(actor)s opened a make-good of %(spots)s spots on %(target)s"), **booking)
audit.register("make_good.scheduled", _("%(actor)s scheduled the make-good on %(target)s for %(air_date)s"), **booking)
audit.register(
    "make_good.aired", _("%(actor)s recorded the make-good on %(target)s as aired (%(spots)s spots)"), **booking
)
