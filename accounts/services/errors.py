"""Domain errors: a state change that is not allowed. Views show the message as a form error."""


class AccountsError(Exception):
    """Base for every refusal in the accounts app; `field` names the form field it concerns, if any."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(AccountsError):
    pass


class StaleEdit(AccountsError):
    pass


class ClientHasHistory(AccountsError):
    pass


class DueDateInPast(AccountsError):
    pass


class ProspectClosed(AccountsError):
    pass
