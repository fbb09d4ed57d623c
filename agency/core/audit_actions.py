"""What the core's own audit entries mean: client links, the outbox, calendar feeds, staff.

Imported from CoreConfig.ready(); see agency.core.audit.register().
"""

from django.utils.translation import gettext_lazy as _

from . import audit
from .models import Decision

# A client link's history is shown in the row of that link, so its sentences say "the link".
audit.register("decision_request.sent", _("%(actor)s sent the link to %(contact)s"))
audit.register("decision_request.reminded", _("%(actor)s reminded the client (reminder %(reminder)s)"))
audit.register("decision_request.opened", _("%(actor)s opened the link"))
audit.register("decision_request.code_sent", _("%(actor)s asked for a one-time code"))
audit.register("decision_request.code_failed", _("%(actor)s entered a wrong one-time code"))
audit.register("decision_request.decided", _("%(actor)s answered: %(outcome)s"), choices={"outcome": Decision.Outcome})
audit.register(
    "decision_request.recorded_outside",
    _(
        "%(actor)s recorded a confirmation from %(contact)s received outside the link "
        "(evidence: %(evidence)s): %(outcome)s"
    ),
    choices={"outcome": Decision.Outcome},
)
audit.register(
    "decision_request.revoked",
    {
        "": _("%(actor)s revoked the link"),
        "reissued": _("%(actor)s replaced the link with a new one"),
    },
    variant=audit.has("reissued"),
)
audit.register("decision_request.superseded", _("%(actor)s closed the link: it was superseded"))
audit.register("decision_request.expired", _("%(actor)s closed the link: it had expired"))

audit.register("outbox.retried", _("%(actor)s sent %(target)s again"), link="outbox_detail")
audit.register("calendar_feed.issued", _("%(actor)s issued a calendar feed"))
audit.register("calendar_feed.revoked", _("%(actor)s revoked a calendar feed"))
audit.register("staff.deactivated", _("%(actor)s deactivated %(target)s and ended %(sessions_ended)s sessions"))

audit.register("webhook.created", _("%(actor)s registered the webhook %(target)s"))
audit.register("webhook.disabled", _("%(actor)s disabled the webhook %(target)s"))
audit.register("webhook.disabled_by_failures", _("The webhook %(target)s was disabled after %(failures)s failures"))
audit.register("webhook.enabled", _("%(actor)s enabled the webhook %(target)s again"))
audit.register("webhook.redelivered", _("%(actor)s sent a %(event)s delivery to %(target)s again"))

audit.register("api_token.issued", _("%(actor)s made the API token “%(name)s”"))
audit.register("api_token.revoked", _("%(actor)s revoked the API token “%(name)s”"))
