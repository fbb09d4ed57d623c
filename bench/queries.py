"""`make bench-queries`: every page runs the same number of SQL queries at scale 0.1 and at scale 1.

Seeds (once) a database per scale, reads each page's X-Query-Count through gunicorn (bench/run.py
--queries-only), prints the counts side by side and fails when a page's count depends on the scale.

    .venv/bin/python bench/queries.py [--scales 0.1 1]
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent


def counts_at(scale):
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "queries.json"
        command = ["bench/run.py", "--scale", str(scale), "--queries-only", "--json", str(out)]
        subprocess.run([str(BASE / ".venv/bin/python"), *command], cwd=BASE, check=True)
        return json.loads(out.read_text())["queries"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs=2, default=[0.1, 1.0])
    args = parser.parse_args()
    small, large = (counts_at(scale) for scale in args.scales)
    print(f"\n{'page':40} {args.scales[0]:>10} {args.scales[1]:>10}")
    differ = []
    for page in dict.fromkeys([*small, *large]):
        a, b = small.get(page), large.get(page)
        print(f"{page:40} {a!s:>10} {b!s:>10}{'   <- differs' if a != b else ''}")
        if a != b:
            differ.append(page)
    if differ:
        sys.exit(f"SQL query counts depend on the data's size on: {', '.join(differ)}")
    print("Every page runs the same number of SQL queries at both scales.")


if __name__ == "__main__":
    main()
