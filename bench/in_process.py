"""Django inside a bench script that requests pages through the test client: DEBUG off and production's
settings otherwise (templates render as they do for users), served over plain HTTP to "testserver", static
files by their plain names (no manifest needed). Imported first by bench/plan_calls.py, plan_page.py and
profile_page.py:

    import in_process  # noqa: F401  (sets Django up)
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", os.urandom(32).hex())
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402


def serve_pages():
    """Let the test client request pages (and count their queries), static files by their plain names."""
    setup_test_environment()
    static = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES=static).enable()
