"""Who is calling: a personal API token (`Authorization: Bearer <token>`), or the browser's session.

The token is found by its hash (agency.core.api_tokens); a revoked token, or one whose owner has left,
is refused like an unknown one: 401.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from agency.core import api_tokens
from agency.core.models import ApiToken


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not ours: the session may still know the person
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Write the header as “Authorization: Bearer <token>”."))
        try:
            token = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This API token is not valid.")) from None
        row = api_tokens.find_live(token)
        if row is None:
            raise exceptions.AuthenticationFailed(_("This API token is not valid or was revoked."))
        api_tokens.note_use(row)
        return row.owner, row

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class PerTokenThrottle(throttling.SimpleRateThrottle):
    """settings.API_RATE requests per token; in the browser, per person."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return f"api-throttle:token:{request.auth.pk}"
        if request.user and request.user.is_authenticated:
            return f"api-throttle:user:{request.user.pk}"
        return None  # refused anyway (401); nothing to count


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names the token: an HTTP bearer scheme."""

    target_class = BearerTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (your API tokens page)."}
