"""Back up the database and the uploaded files together, and restore them (make backup, make restore).

    bin/backup.py create [--into var/backups]      -> var/backups/<UTC time>/ (printed)
    bin/backup.py restore var/backups/<UTC time>/  -> into DATABASE_URL and MEDIA_ROOT

Both read DATABASE_URL and MEDIA_ROOT the way the app does (agency/settings.py). A backup is one folder:
the database (PostgreSQL: `pg_dump -Fc`; SQLite: a copy made with sqlite3's backup API, safe while the app
runs), `files/` (a copy of MEDIA_ROOT) and `manifest.json` with the SHA-256 of every other file in it.
A backup is written under a hidden name and renamed when whole, so a folder that looks finished is.

Restore checks the manifest first and refuses a backup with a file missing, added or changed, before it
touches anything. PostgreSQL is restored with pg_restore --clean --if-exists in one transaction; files are
copied back and checked again. Files in MEDIA_ROOT that the backup does not hold are left where they are.
"""

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"


class Refused(Exception):
    """The backup cannot be made or restored; the message says why."""


def app_settings():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")
    from django.conf import settings

    return settings.DATABASES["default"], Path(settings.MEDIA_ROOT)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def postgres(database):
    """Connection arguments and environment for the PostgreSQL client programs."""
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    args = ["-h", database.get("HOST") or "127.0.0.1", "-p", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        args += ["-U", database["USER"]]
    return args + ["-d", database["NAME"]], env


def run(command, env=None):
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise Refused(f"{command[0]} failed ({done.returncode}):\n{done.stderr.strip()[-2000:]}")
    return done.stdout


def engine_of(database):
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine not in {"postgresql", "sqlite3"}:
        raise Refused(f"Backups know PostgreSQL and SQLite, not {database['ENGINE']}.")
    return engine


# --- create --------------------------------------------------------------------------------------


def create(into):
    database, media_root = app_settings()
    engine = engine_of(database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    into.mkdir(parents=True, exist_ok=True)
    final, partial = into / stamp, into / f".partial-{stamp}"
    if final.exists():
        raise Refused(f"{final} already exists; wait a second and try again.")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    database_info = {"engine": engine}
    if engine == "postgresql":
        connection, env = postgres(database)
        database_info["file"] = "database.dump"
        database_info["pg_dump"] = run(["pg_dump", "--version"]).strip()
        database_info["server"] = run(["psql", *connection, "-AtXc", "SHOW server_version"], env=env).strip()
        run(["pg_dump", "-Fc", "--no-owner", "-f", str(partial / "database.dump"), *connection], env=env)
    else:
        database_info["file"] = "database.sqlite3"
        source, copy = sqlite3.connect(database["NAME"]), sqlite3.connect(partial / "database.sqlite3")
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
    if media_root.is_dir():
        shutil.copytree(media_root, partial / "files", symlinks=False)
    else:
        (partial / "files").mkdir()
    manifest = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database_info,
        "files": {path: sha256(partial / path) for path in contents(partial)},
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    partial.rename(final)
    return final


def contents(folder):
    """Every file in a backup folder but the manifest, as sorted relative paths with forward slashes."""
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file() and path.name != MANIFEST
    )


# --- restore -------------------------------------------------------------------------------------


def verify(backup):
    """The manifest, if every file it lists is there with its checksum and nothing else is; else Refused."""
    try:
        manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
        database_file = manifest["database"]["file"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Refused(f"{backup} has no readable {MANIFEST}: {exc}") from None
    present = contents(backup)
    problems = [f"missing: {path}" for path in sorted(set(listed) - set(present))]
    problems += [f"not in the manifest: {path}" for path in sorted(set(present) - set(listed))]
    problems += [
        f"changed since the backup (SHA-256 differs): {path}"
        for path in sorted(set(listed) & set(present))
        if sha256(backup / path) != listed[path]
    ]
    if database_file not in listed:
        problems.append(f"missing: {database_file}")
    if problems:
        raise Refused("Refusing to restore a damaged backup; nothing was changed.\n  " + "\n  ".join(problems))
    return manifest


def restore(backup):
    manifest = verify(backup)
    database, media_root = app_settings()
    engine = engine_of(database)
    if manifest["database"]["engine"] != engine:
        raise Refused(f"This backup holds a {manifest['database']['engine']} database; DATABASE_URL is {engine}.")
    dump = backup / manifest["database"]["file"]
    if engine == "postgresql":
        connection, env = postgres(database)
        run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
             *connection, str(dump)],
            env=env,
        )  # fmt: skip
    else:
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        source, target = sqlite3.connect(dump), sqlite3.connect(database["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    restored = 0
    for path, checksum in manifest["files"].items():
        if not path.startswith("files/"):
            continue
        target = media_root / path.removeprefix("files/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup / path, target)
        if sha256(target) != checksum:
            raise Refused(f"{target} does not match the backup after copying: is the disk full?")
        restored += 1
    return restored


def main(argv=None):
    parser = argparse.ArgumentParser(description="Back up or restore the database and the uploaded files.")
    commands = parser.add_subparsers(dest="command", required=True)
    create_command = commands.add_parser("create", help="write a new backup folder")
    create_command.add_argument("--into", type=Path, default=BASE_DIR / "var" / "backups")
    restore_command = commands.add_parser("restore", help="restore a backup folder into DATABASE_URL/MEDIA_ROOT")
    restore_command.add_argument("backup", type=Path)
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "create":
            print(create(arguments.into))
        else:
            restored = restore(arguments.backup)
            print(f"Restored the database and {restored} files from {arguments.backup}.")
    except Refused as refused:
        print(refused, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
