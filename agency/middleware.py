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
