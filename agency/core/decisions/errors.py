"""What the decision services refuse, in words for the person who tried."""


class DecisionError(Exception):
    """A decision-request action that is not allowed; the message is for the person who tried."""


class LinkNotUsable(DecisionError):
    """The link cannot be used (any more). `reason` picks the polite page the contact sees."""

    UNKNOWN, EXPIRED, REVOKED, SUPERSEDED, DECIDED = "unknown", "expired", "revoked", "superseded", "decided"

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


class CodeRequired(DecisionError):
    """A money decision needs a valid one-time code first."""
