"""Media services: the only code that writes media rows. One module per part of the media step."""


class MediaError(Exception):
    """A media change that is not allowed; the message says why."""
