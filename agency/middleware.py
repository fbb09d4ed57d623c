from django.utils import timezone, translation


class UserPreferencesMiddleware:
    """A signed-in person sees the app in their own language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            timezone.activate(user.zoneinfo)
        else:
            timezone.deactivate()
        return self.get_response(request)
