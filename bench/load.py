"""`make load`: 50 people of different roles using Accountable at once, for a bounded time.

Starts the app as production does (gunicorn, DEBUG=false, PostgreSQL, Redis) on the benchmark data set
(bench/run.py seeds it), logs each simulated person in through the login form, and lets each one walk
their pages (home, clients, a client, campaigns, a campaign, outbox, reminders, notifications, reviews)
with an occasional write, on loopback only, until the time is up. Reports p50/p95/p99 per page and
every error; exits 1 if there was any. Results in bench/results/load-<time>.json and load-latest.md.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import BASE, HOST, PORT, PY, RESULTS, ensure_database, log_in, production_env, sh  # noqa: E402

# Role -> (username, how many of the simulated people have it).
ROLES = {
    "account executive": ("bench-ae", 20),
    "group account director": ("bench-gad-0", 10),
    "management": ("bench-manager", 10),
    "other staff": ("bench-staff-1", 10),
}
PAGES = ["/", "/clients/", "/campaigns/", "/outbox/", "/reminders/", "/notifications/", "/reviews/"]


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Person(threading.Thread):
    def __init__(self, role, cookie, deadline, results, lock, seed):
        super().__init__(daemon=True)
        self.role, self.deadline, self.results, self.lock = role, deadline, results, lock
        self.random = random.Random(seed)
        self.csrf = secrets.token_hex(16)
        self.headers = {"Cookie": f"{cookie}; csrftoken={self.csrf}"}
        self.details = []

    def request(self, method, path, label, body=None):
        headers = dict(self.headers)
        if body is not None:
            headers.update({"X-CSRFToken": self.csrf, "Content-Type": "application/x-www-form-urlencoded"})
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            status = response.status
        except OSError as exc:
            content, status = b"", exc.__class__.__name__
        finally:
            connection.close()
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.results.append((label, status, elapsed))
        return status, content

    def run(self):
        while time.monotonic() < self.deadline:
            choice = self.random.random()
            if choice < 0.05:
                self.request("POST", "/notifications/read-all/", "POST mark notifications read", body="")
            elif choice < 0.3 and self.details:
                path = self.random.choice(self.details)
                self.request("GET", path, re.sub(r"\d+", "<id>", path))
            else:
                path = self.random.choice(PAGES)
                status, content = self.request("GET", path, path)
                if status == 200 and path in ("/clients/", "/campaigns/") and len(self.details) < 40:
                    found = re.findall(rb'href="(/(?:clients|campaigns)/\d+/)"', content)
                    self.details.extend(p.decode() for p in found[:10])
            time.sleep(self.random.uniform(0.05, 0.3))  # a person reads, then clicks


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "180")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOAD_WORKERS", "4")))
    args = parser.parse_args()
    people = sum(count for _, count in ROLES.values())

    database_url, env = production_env(args.scale, AXES_FAILURE_LIMIT="1000")
    ensure_database(database_url)
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(PY, "manage.py", "seed_bench", "--scale", str(args.scale), env=env)
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)

    gunicorn = subprocess.Popen(
        [str(BASE / ".venv/bin/gunicorn"), "agency.wsgi", "--workers", str(args.workers), "--threads", "4",
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=BASE,
        env=env,
    )  # fmt: skip
    results, lock = [], threading.Lock()
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(HOST + "/auth/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # Each person logs in through the form (their own session) before the clock starts.
        sessions = [
            (role, log_in(username, "bench-password")) for role, (username, n) in ROLES.items() for _ in range(n)
        ]
        deadline = time.monotonic() + args.seconds
        crowd = [Person(role, cookie, deadline, results, lock, i) for i, (role, cookie) in enumerate(sessions)]
        print(f"{people} people for {args.seconds} s against gunicorn ({args.workers} workers) on {HOST}")
        for person in crowd:
            person.start()
        for person in crowd:
            person.join(args.seconds + 60)
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)

    by_label = {}
    for label, status, elapsed in results:
        by_label.setdefault(label, []).append((status, elapsed))
    ok = {200, 302}
    rows = []
    for label, hits in sorted(by_label.items()):
        times = [elapsed for _, elapsed in hits]
        errors = [str(status) for status, _ in hits if status not in ok]
        rows.append({
            "page": label, "requests": len(hits), "errors": len(errors), "error_kinds": sorted(set(errors)),
            "p50_ms": round(percentile(times, 0.50), 1), "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1), "max_ms": round(max(times), 1),
        })  # fmt: skip
    all_times = [elapsed for _, _, elapsed in results]
    total_errors = sum(row["errors"] for row in rows)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "people": people,
        "roles": {role: count for role, (_, count) in ROLES.items()},
        "seconds": args.seconds,
        "gunicorn_workers": args.workers,
        "machine": f"{os.cpu_count()} cores",
        "requests": len(results),
        "requests_per_second": round(len(results) / args.seconds, 1),
        "errors": total_errors,
        "p50_ms": round(percentile(all_times, 0.50), 1),
        "p95_ms": round(percentile(all_times, 0.95), 1),
        "p99_ms": round(percentile(all_times, 0.99), 1),
        "pages": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"load-{stamp}.json").write_text(json.dumps(report, indent=2))
    lines = [
        f"# Load run {report['when']}",
        "",
        f"{people} people ({', '.join(f'{c} {r}' for r, c in report['roles'].items())}) for {args.seconds} s, "
        f"scale {args.scale}, gunicorn {args.workers} workers × 4 threads, DEBUG=false, PostgreSQL + Redis, "
        f"{report['machine']} (the load generator shares them).",
        "",
        f"**{report['requests']} requests ({report['requests_per_second']}/s), {total_errors} errors; "
        f"p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, p99 {report['p99_ms']} ms.**",
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['page']} | {row['requests']} | {row['errors']} {' '.join(row['error_kinds'])} | "
            f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['max_ms']} |"
        )
    (RESULTS / "load-latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    sys.exit(1 if total_errors else 0)


if __name__ == "__main__":
    main()
