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


class QueryCountHeaderMiddleware:
    """Benchmarks only (BENCH_PAGES=true): report the SQL queries a request ran in X-Query-Count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a body larger than any page accepts before reading it, with a page that says so (413).

    Uploads may be UPLOAD_MAX_BYTES plus a little for the other fields; any other form
    DATA_UPLOAD_MAX_MEMORY_SIZE (beyond which Django would answer a bare 400).
    """

    UPLOAD_FIELDS_MARGIN = 1024 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if request.content_type == "multipart/form-data":
            limit, allowed = settings.UPLOAD_MAX_BYTES, settings.UPLOAD_MAX_BYTES + self.UPLOAD_FIELDS_MARGIN
        else:
            limit = allowed = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if size <= allowed:
            return self.get_response(request)
        return too_large(request, size=size, limit=limit)


def too_large(request, *, size, limit):
    """The friendly 413 page: how large, how large at most, nothing saved, the way back."""
    from django.shortcuts import render
    from django.utils.http import url_has_allowed_host_and_scheme

    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = request.path
    response = render(request, "413.html", {"size": size, "limit": limit, "back": back}, status=413)
    response["Connection"] = "close"  # an unread body must not be taken for the next request
    return response
