"""Settings come from the environment and refuse unsafe or malformed values at start-up."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]


def manage(*args, **env):
    ours = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "PORT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "accountable.example",
    "SITE_URL": "https://accountable.example",
}


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_it_refuses_to_start_in_production_without_allowed_hosts():
    result = manage("check", **{**PRODUCTION, "ALLOWED_HOSTS": ""})
    assert result.returncode != 0
    assert "set ALLOWED_HOSTS" in result.stderr


def test_it_refuses_malformed_values():
    assert "TIME_ZONE 'Mars/Olympus'" in manage("check", TIME_ZONE="Mars/Olympus").stderr
    assert manage("check", DEBUG="perhaps").returncode != 0
    assert manage("check", SITE_URL="accountable.example").returncode != 0


def test_it_passes_the_deployment_checklist_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


EMAILED_LINK = "from agency.core.reminder_calendar import feed_url; print(feed_url('t0ken'))"


def test_emailed_links_point_at_the_port_make_run_serves():
    """`PORT=8123 make run` (bin/run) serves 127.0.0.1:8123; with no SITE_URL set, links in email go there too."""
    result = manage("shell", "-c", EMAILED_LINK, PORT="8123")
    assert result.stdout.strip().endswith("\nhttp://127.0.0.1:8123/calendar/t0ken.ics"), result.stderr
    assert "\nhttp://127.0.0.1:8000/calendar/" in manage("shell", "-c", EMAILED_LINK).stdout  # the default port


def test_a_site_url_that_is_set_wins_over_the_port():
    result = manage("shell", "-c", EMAILED_LINK, PORT="8123", SITE_URL="https://accountable.example")
    assert "\nhttps://accountable.example/calendar/" in result.stdout, result.stderr


def test_bin_run_serves_and_links_to_the_same_port():
    run = (BASE_DIR / "bin" / "run").read_text()
    assert 'runserver "127.0.0.1:${PORT}"' in run
    assert "export SITE_URL=${SITE_URL:-http://127.0.0.1:${PORT}}" in run
