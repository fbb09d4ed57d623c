"""The minimal Django page the bench's bare page is compared with: one module that is the settings, the
URLs and the WSGI application of a Django project with no middleware, no apps and no database, rendering
the same 50-row template as /_bench/bare/. bench/run.py serves it with the same gunicorn settings:

    .venv/bin/gunicorn --chdir bench minimal:application
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.shortcuts import render
from django.urls import path

BASE = Path(__file__).resolve().parent.parent

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [BASE / "templates"],
            }
        ],
    )


def bare(request):
    rows = [{"number": i, "name": f"Row {i}", "amount": i * 1000} for i in range(50)]
    return render(request, "agency/bench_bare.html", {"rows": rows})


urlpatterns = [path("_bench/bare/", bare)]

os.environ.pop("DJANGO_SETTINGS_MODULE", None)
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
