"""Media services: the only code that writes media rows. One module per part of the media step."""


class MediaError(Exception):
    """A media change that is not allowed; the message says why."""


class OverBudget(MediaError):
    """A booking would take the campaign's committed money beyond its approved budget, and no reason was
    given (docs/practice.md, "Money committed counts"): the form asks for one."""
