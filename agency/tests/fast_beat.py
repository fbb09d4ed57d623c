"""A real `celery beat` with a schedule fast enough for a test (agency/tests/test_faults.py).

Started as `celery -A agency.tests.fast_beat beat`: the same app and task as production, but the reminder
sweep fires every half second for the moment given in SWEEP_NOW.
"""

import os

from agency.celery import app

app.conf.beat_schedule = {
    "reminder-sweep": {
        "task": "agency.tasks.reminder_sweep",
        "schedule": 0.5,
        "kwargs": {"now": os.environ["SWEEP_NOW"]},
    },
}
