"""`make load`: 100 people of an agency and its clients using Accountable at once, for a bounded time.

Starts the app as production does (gunicorn, DEBUG=false, PostgreSQL, Redis) on the benchmark data set
(bench/run.py seeds it), then simulates people in the mix of the ROLES table, scaled to --people:

- staff (account executives; AM/AD/GAD; management; other staff such as planners, creatives, media
  planners and finance), each logged in through the login form as a benchmark user of that title, walk
  their pages (home, clients, a client, campaigns, a campaign, media plans, a media plan, decisions
  waiting, complaints, the dashboard for managers, outbox, reminders, notifications, reviews) with an
  occasional write (marking notifications read); before the clock starts each role's pages are checked
  to answer 200 to it;
- client contacts on a phone open an emailed decision link (the token moves into the session and the
  link redirects to a token-free page), read the document, and some approve it or ask for changes
  (choose, then confirm) and then see their receipt; the others come back to read it again. Each one has
  its own open request on a brief of its own, made before the clock starts (bench/targets.py --load):
  the token exists only in its email, so it is read from a pipe and never printed.

Think time: each person pauses between two pages for a random time in --think (default 2-8 s, uniform,
5 s on average), because a person reads a page before the next click: a glance at a list takes two
seconds, reading a brief or a plan several. Without it 100 threads would be a saturation test of 100
browsers clicking as fast as the server answers, not 100 people. `--think 0` gives that test back.
People also arrive spread over the first think time, not all clicking in the same instant.

Reports the offered load (requests per second the people made), p50/p95/p99 per page, per role and
overall, and every error with the first line of what came back, into <results>/load-<time>.json and
load-latest.md (with the previous run's overall figures beside the new ones). Exits 1 on any error: a
status other than the one the step expects (a staff page that redirects to the login is an error).
"""

import argparse
import html
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
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, namedtuple
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from run import BASE, HOST, PORT, PY, RESULTS, ensure_database, log_in, production_env, sh  # noqa: E402

STAFF_PAGES = [
    "/",
    "/clients/",
    "/campaigns/",
    "/media/",
    "/decisions/",
    "/complaints/",
    "/outbox/",
    "/reminders/",
    "/notifications/",
    "/reviews/",
]
MANAGER_PAGES = [*STAFF_PAGES, "/dashboard/"]
OTHER_STAFF_PAGES = ["/", "/clients/", "/campaigns/", "/media/", "/reminders/", "/notifications/", "/reviews/"]
# Where a staff person finds the clients, campaigns and media plans they open next (and what they link to).
LISTING = {"/clients/", "/campaigns/", "/media/"}
DETAIL_LINK = re.compile(rb'href="(/(?:clients|campaigns|media/plans)/\d+/)"')

# The mix, written once: role -> how many of 100 people, the staff titles whose benchmark users play it
# (None: client contacts on an emailed link) and the list pages they open. Counts scale to --people.
Role = namedtuple("Role", "per_hundred titles pages")
OTHER_TITLES = ("planner", "creative", "media_planner", "media_buyer", "producer", "finance")
ROLES = {
    "account executive": Role(35, ("AE",), STAFF_PAGES),
    "AM/AD/GAD": Role(20, ("AM", "AAD", "AD", "GAD"), MANAGER_PAGES),
    "management": Role(5, ("management",), MANAGER_PAGES),
    "other staff": Role(15, OTHER_TITLES, OTHER_STAFF_PAGES),
    "client contact": Role(25, None, ()),
}  # fmt: skip
# What a client does with the document: approve, ask for changes, or only read it (and come back later).
CLIENT_FATES = {"approve": 0.4, "changes": 0.2, "read": 0.4}
WRITE_SHARE = 0.05  # of a staff person's clicks: mark notifications read (POST)
DETAIL_SHARE = 0.35  # of a staff person's clicks: a client, campaign or media plan they have seen listed
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def mix(people):
    """How many people of each role for `people` in all: ROLES' shares, rounded by largest remainder, with
    at least one of each role when there are enough people."""
    total = sum(role.per_hundred for role in ROLES.values())
    exact = {name: people * role.per_hundred / total for name, role in ROLES.items()}
    counts = {name: int(share) for name, share in exact.items()}
    if people >= len(ROLES):
        for name in counts:
            counts[name] = max(1, counts[name])
    by_remainder = sorted(ROLES, key=lambda name: (-(exact[name] - int(exact[name])), list(ROLES).index(name)))
    while sum(counts.values()) < people:
        for name in by_remainder:
            if sum(counts.values()) < people:
                counts[name] += 1
    while sum(counts.values()) > people:
        largest = max(counts, key=lambda name: counts[name])
        counts[largest] -= 1
    return counts


def parse_think(text):
    """'2-8' -> (2.0, 8.0) seconds; '5' -> (5.0, 5.0); '0' -> no pause."""
    low, _, high = str(text).partition("-")
    low, high = float(low), float(high or low)
    if low < 0 or high < low:
        raise ValueError(f"think time {text!r}: want MIN-MAX seconds, 0 <= MIN <= MAX")
    return low, high


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def first_line(content, secret=None):
    """What came back, in one line: the page's <title>, else its first non-empty line (never a token)."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else str(content)
    if secret:
        text = text.replace(secret, "[token]")
    title = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    line = title.group(1) if title else next((x for x in text.splitlines() if x.strip()), "")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", line)).split())[:160]


def label_of(path):
    return re.sub(r"\d+", "<id>", path)


class Person(threading.Thread):
    """One simulated person: their own cookies (session), their own pace."""

    user_agent = DESKTOP

    def __init__(self, role, cookies, deadline, think, results, lock, seed):
        super().__init__(daemon=True)
        self.role, self.deadline, self.think_range = role, deadline, think
        self.results, self.lock = results, lock
        self.random = random.Random(seed)
        self.csrf = secrets.token_hex(16)
        self.cookies = {**cookies, "csrftoken": self.csrf}
        self.secret = None  # a value that must never reach the results (a link's token)

    def over(self):
        return time.monotonic() >= self.deadline

    def arrive(self):
        """People arrive over the first think time, not all in the same instant."""
        time.sleep(self.random.uniform(0, self.think_range[1]))

    def think(self):
        pause = self.random.uniform(*self.think_range)
        time.sleep(max(0.0, min(pause, self.deadline - time.monotonic())))

    def request(self, method, path, label, expect=200, fields=None):
        headers = {"User-Agent": self.user_agent, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers.update({"X-CSRFToken": self.csrf, "Content-Type": "application/x-www-form-urlencoded"})
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        location = None
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content, status = response.read(), response.status
            location = response.getheader("Location")
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";")[0].partition("=")
                self.cookies[name.strip()] = value
        except OSError as exc:
            content, status = f"{exc.__class__.__name__}: {exc}", exc.__class__.__name__
        finally:
            connection.close()
        elapsed = (time.perf_counter() - started) * 1000
        error = None if status == expect else first_line(content, self.secret)
        with self.lock:
            self.results.append((self.role, label, status, elapsed, error))
        return status if error is None else None, content, location


class Staff(Person):
    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages, self.details = pages, []

    def run(self):
        self.arrive()
        while not self.over():
            choice = self.random.random()
            if choice < WRITE_SHARE:
                self.request("POST", "/notifications/read-all/", "POST mark notifications read", 302, fields={})
            elif choice < WRITE_SHARE + DETAIL_SHARE and self.details:
                path = self.random.choice(self.details)
                status, content, _ = self.request("GET", path, label_of(path))
                if status and path.startswith("/campaigns/"):
                    self.remember(content)
            else:
                path = self.random.choice(self.pages)
                status, content, _ = self.request("GET", path, path)
                if status and path in LISTING:
                    self.remember(content)
            self.think()

    def remember(self, content):
        """A few of the clients, campaigns and media plans a page links to, for later clicks."""
        for path in [found.decode() for found in DETAIL_LINK.findall(content)][:5]:
            if len(self.details) < 40 and path not in self.details:
                self.details.append(path)


class ClientContact(Person):
    """Opens the emailed link on a phone, reads the document; approves, asks for changes or only reads,
    as its fate says; comes back now and then (sometimes through the email's link again)."""

    user_agent = PHONE

    def __init__(self, *args, link, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret, self.request_id = link["token"], link["request"]
        self.fate = self.random.choices(list(CLIENT_FATES), weights=list(CLIENT_FATES.values()))[0]
        self.reads_before_deciding = self.random.randint(1, 3)
        self.decided = False
        self.decisions = []

    def run(self):
        page = f"/decision/{self.request_id}/"
        opened, reads = False, 0
        self.arrive()
        while not self.over():
            if not opened or self.random.random() < 0.2:
                status, _, location = self.request("GET", f"/d/{self.secret}/", "client: emailed link /d/<token>/", 302)
                if status is None or location != page:
                    self.think()
                    continue
                opened = True
            if self.decided:
                self.request("GET", page + "receipt/", "client: receipt /decision/<id>/receipt/")
            else:
                status, content, _ = self.request("GET", page, "client: document /decision/<id>/")
                reads += 1 if status else 0
                if status and self.fate != "read" and reads >= self.reads_before_deciding:
                    self.think()  # reading the document
                    self.decide(page)
            self.think()

    def decide(self, page):
        if self.fate == "approve":
            fields = {"outcome": "approved", "comment": ""}
        else:
            fields = {"outcome": "changes_requested", "comment": "Please sharpen the proposition."}
        label = "client: choose POST /decision/<id>/decide/"
        status, content, _ = self.request("POST", page + "decide/", label, fields=fields)
        found = re.search(rb'name="content_hash" value="([0-9a-f]+)"', content) if status else None
        if not found or self.over():
            return
        self.think()  # checking what will be recorded
        fields["content_hash"] = found.group(1).decode()
        label = "client: confirm POST /decision/<id>/confirm/"
        status, _, location = self.request("POST", page + "confirm/", label, 302, fields)
        if status and location == page + "receipt/":
            self.decided = True
            self.decisions.append(fields["outcome"])
            self.request("GET", location, "client: receipt /decision/<id>/receipt/")


def summarize(results, seconds):
    """Figures per page, per role and overall from (role, label, status, ms, error) rows."""

    def figures(times):
        return {
            "p50_ms": round(percentile(times, 0.50), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
        }

    def group(key):
        rows = {}
        for row in results:
            rows.setdefault(key(row), []).append(row)
        return rows

    pages = []
    for label, hits in sorted(group(lambda row: row[1]).items()):
        times = [row[3] for row in hits]
        pages.append({
            "page": label, "requests": len(hits), "errors": sum(1 for row in hits if row[4] is not None),
            **figures(times), "max_ms": round(max(times), 1),
        })  # fmt: skip
    roles = []
    order = list(ROLES)
    by_role = group(lambda row: row[0])
    for role, hits in sorted(
        by_role.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
    ):
        times = [row[3] for row in hits]
        roles.append({
            "role": role, "requests": len(hits), "requests_per_second": round(len(hits) / seconds, 2),
            "errors": sum(1 for row in hits if row[4] is not None), **figures(times),
        })  # fmt: skip
    errors = Counter((row[1], str(row[2]), row[4]) for row in results if row[4] is not None)
    return {
        "requests": len(results),
        "requests_per_second": round(len(results) / seconds, 2) if seconds else 0.0,
        "errors": sum(errors.values()),
        **figures([row[3] for row in results]),
        "roles": roles,
        "pages": pages,
        "error_kinds": [
            {"page": page, "status": status, "first_line": line, "count": count}
            for (page, status, line), count in errors.most_common()
        ],
    }


def previous_report(results):
    """The last load report written, if any: its overall figures are shown beside the new ones."""
    for path in sorted(results.glob("load-2*.json"), reverse=True):
        try:
            return json.loads(path.read_text())
        except ValueError:
            continue
    return None


def think_text(think):
    return f"{think[0]:g}-{think[1]:g} s" if think[1] else "none"


def _old_think(old):
    return think_text(old["think_seconds"]) if "think_seconds" in old else "0.05-0.3 s"  # before think times


def markdown(report, previous):
    think = think_text(report["think_seconds"])
    people = ", ".join(f"{count} {role}" for role, count in report["mix"].items())
    old = previous or {}

    def both(key, unit=""):
        return f"| {key.replace('_', ' ')} | {report[key]}{unit} | {old.get(key, '—')}{unit if key in old else ''} |"

    lines = [
        f"# Load run {report['when']}",
        "",
        f"{report['people']} people ({people}) for {report['seconds']} s, think time {think} (uniform) between "
        f"pages, scale {report['scale']}, gunicorn {report['gunicorn_workers']} workers × 4 threads, "
        f"DEBUG=false, PostgreSQL + Redis, {report['machine']} (the load generator shares them). "
        f"Clients decided: {report['client_decisions'] or 'none'}.",
        "",
        f"**Offered load {report['requests_per_second']} requests/s ({report['requests']} requests), "
        f"{report['errors']} errors; p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms, "
        f"p99 {report['p99_ms']} ms.**",
        "",
        "| overall | this run | previous run"
        + (f" ({old['when']}, {old.get('people', '?')} people, think {_old_think(old)})" if old else "")
        + " |",
        "| --- | ---: | ---: |",
        both("requests_per_second", "/s"),
        both("errors"),
        both("p50_ms"),
        both("p95_ms"),
        both("p99_ms"),
        "",
        "| role | people | requests | req/s | errors | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["roles"]:
        lines.append(
            f"| {row['role']} | {report['mix'].get(row['role'], '')} | {row['requests']} | "
            f"{row['requests_per_second']} | {row['errors']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} |"
        )
    lines += [
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["pages"]:
        lines.append(
            f"| {row['page']} | {row['requests']} | {row['errors']} | "
            f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['max_ms']} |"
        )
    if report["error_kinds"]:
        lines += ["", "| errors: page | status | first line | count |", "| --- | --- | --- | ---: |"]
        for row in report["error_kinds"][:20]:
            line = row["first_line"].replace("|", "/")
            lines.append(f"| {row['page']} | {row['status']} | {line} | {row['count']} |")
    return lines


def cast(counts, staff, links):
    """Who plays each person: [(role, username or None, link or None)], staff cycling through the
    benchmark users of their role's titles, each client with a link of its own."""
    people, links = [], list(links)
    for role, count in counts.items():
        titles = ROLES[role].titles
        if titles is None:
            people += [(role, None, links.pop(0)) for _ in range(count)]
            continue
        names = [name for title in titles for name in staff.get(title, [])]
        if not names and count:
            raise SystemExit(f"no benchmark user has a title of {role!r} ({', '.join(titles)})")
        people += [(role, names[i % len(names)], None) for i in range(count)]
    return people


def check_pages(sessions):
    """Each staff role's pages answer 200 before the clock starts: a page the role may not open would
    only show up as errors in the run."""
    for role, cookie in sessions.items():
        for path in ROLES[role].pages:
            request = urllib.request.Request(HOST + path, headers={"Cookie": cookie})
            try:
                status = urllib.request.build_opener(_NoRedirect).open(request, timeout=60).status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                raise SystemExit(f"{path} answers {status} to {role}: change its pages in ROLES")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "180")))
    parser.add_argument("--people", type=int, default=int(os.environ.get("LOAD_PEOPLE", "100")))
    parser.add_argument(
        "--think", type=parse_think, default=os.environ.get("LOAD_THINK", "2-8"), help="MIN-MAX seconds between pages"
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOAD_WORKERS", "4")))
    parser.add_argument("--results", default=os.environ.get("BENCH_RESULTS", str(RESULTS)), help="where to write")
    args = parser.parse_args()
    counts = mix(args.people)
    results_dir = Path(args.results)

    database_url, env = production_env(args.scale, AXES_FAILURE_LIMIT="1000")
    ensure_database(database_url)
    sh(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(PY, "manage.py", "seed_bench", "--scale", str(args.scale), env=env)
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    clients = sum(count for role, count in counts.items() if ROLES[role].titles is None)
    # Live tokens: read from the pipe, never printed.
    prepared = json.loads(
        sh(PY, "bench/targets.py", "--load", str(clients), env=env, stdout=subprocess.PIPE, text=True).stdout
    )
    people = cast(counts, prepared["staff"], prepared["client_links"])

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
        # Each staff person logs in through the form (a session of their own) before the clock starts.
        with ThreadPoolExecutor(4) as pool:
            sessions = list(pool.map(lambda who: log_in(who[1], "bench-password") if who[1] else None, people))
        check_pages({role: session for (role, name, _), session in zip(people, sessions, strict=True) if name})
        started = time.monotonic()
        deadline = started + args.seconds
        crowd = []
        for i, ((role, _name, link), session) in enumerate(zip(people, sessions, strict=True)):
            common = (role, dict([session.split("=", 1)]) if session else {}, deadline, args.think, results, lock, i)
            if link:
                crowd.append(ClientContact(*common, link=link))
            else:
                crowd.append(Staff(*common, pages=ROLES[role].pages))
        print(
            f"{args.people} people ({', '.join(f'{c} {r}' for r, c in counts.items())}) for {args.seconds} s, "
            f"think {args.think[0]:g}-{args.think[1]:g} s, against gunicorn ({args.workers} workers) on {HOST}"
        )
        for person in crowd:
            person.start()
        for person in crowd:
            person.join(args.seconds + 60)
        measured = time.monotonic() - started
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)

    decided = Counter(outcome for person in crowd if isinstance(person, ClientContact) for outcome in person.decisions)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": args.scale,
        "people": args.people,
        "mix": counts,
        "think_seconds": list(args.think),
        "seconds": args.seconds,
        "measured_seconds": round(measured, 1),
        "gunicorn_workers": args.workers,
        "machine": f"{os.cpu_count()} cores",
        "client_decisions": dict(decided),
        **summarize(results, measured),
    }
    previous = previous_report(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (results_dir / f"load-{stamp}.json").write_text(json.dumps(report, indent=2))
    lines = markdown(report, previous)
    (results_dir / "load-latest.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    sys.exit(1 if report["errors"] else 0)


if __name__ == "__main__":
    main()
