from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import outbox


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset mail goes through the outbox, with a link built from SITE_URL."""

    def save(self, *args, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            path = reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            outbox.queue_email(
                to_email=user.email,
                to_name=str(user),
                template="password_reset",
                context={"user": user, "reset_url": settings.SITE_URL + path},
                language=user.language,
                related=user,
            )
