"""The REST API: the agency's other systems read and write here, with a person's rights.

The roof, because it reads every app. Every queryset comes from `Model.objects.visible_to(user)` and
every write goes through the app's service, so an API call sees and does exactly what the same person
could in the browser, and is audited as them. Conventions (cursor pages, RFC 7807 errors, ETag and
If-Match) are in conventions.py; tokens and throttling in auth.py; the endpoints in views.py.
"""
