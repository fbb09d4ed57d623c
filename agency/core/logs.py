"""Log lines without secrets: the logging filter settings.LOGGING puts on every handler.

Kept apart from links.py, which needs the app registry: logging is configured before the apps load.
"""

import logging
import re

# A token in an address a log line mentions (a 404 for /d/<token>/, a slow request...).
TOKEN_IN_PATH = re.compile(r"(/(?:d|s|r)/|/calendar/|/auth/reset/[^/\s]+/)[A-Za-z0-9_-]{6,}")


class HideTokens(logging.Filter):
    """A logging filter (settings.LOGGING) that blanks the token of any client link or calendar address
    in a log line, so logs at any level show no secret."""

    def filter(self, record):
        message = record.getMessage()
        hidden = TOKEN_IN_PATH.sub(r"\1[token hidden]", message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
