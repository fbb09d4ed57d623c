"""make backup / make restore (bin/backup.py): an installation backed up and restored elsewhere has every row and
every uploaded file it had, byte for byte; a backup changed after it was made is refused before anything is
touched. PostgreSQL through pg_dump/pg_restore, as in production; SQLite through sqlite3's backup API."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BASE_DIR, is_postgres, need

SCRIPT = BASE_DIR / "bin" / "backup.py"


def environment(database_url, media_root):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), DEBUG="true", SITE_URL="http://localhost")
    return env


def backup(env, *args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], env=env, capture_output=True, text=True)


def manage(env, *args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}"


def checksums(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in Path(folder).rglob("*")
        if path.is_file()
    }


@pytest.fixture
def databases():
    """make(label) -> (url, connect): an empty database of its own on the test's PostgreSQL server; all dropped."""
    if not is_postgres():
        need("PostgreSQL (DATABASE_URL) for the backup test")
    import psycopg2
    from django.db import connection

    settings = connection.settings_dict
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432, "user": settings["USER"]}
    if settings["PASSWORD"]:
        server["password"] = settings["PASSWORD"]
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    made = []

    def make(label):
        name = f"accountable_backup_{label}_{os.getpid()}"
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
        return url, lambda: psycopg2.connect(dbname=name, **server)

    yield make
    with admin.cursor() as cursor:
        for name in made:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def contents(connect):
    """{table: (row count, digest of every row)} read straight from the database."""
    with connect() as db, db.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        found = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            )
            found[table] = cursor.fetchone()
    return found


def test_a_postgresql_installation_restores_elsewhere_with_every_row_and_file(tmp_path, databases):
    source_url, source = databases("source")
    env = environment(source_url, tmp_path / "files")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo")
    (tmp_path / "files" / "campaigns" / "7").mkdir(parents=True)
    (tmp_path / "files" / "campaigns" / "7" / "storyboard 故事板.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(4096))
    rows, files = contents(source), checksums(tmp_path / "files")
    assert rows["agency_user"][0] > 0 and rows["briefs_campaign"][0] > 0 and len(files) >= 3

    made = backup(env, "create", "--into", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    folder = Path(made.stdout.strip())
    assert folder.parent == tmp_path / "backups" and folder.name.endswith("Z")
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [folder.name]  # no half-written leftovers

    target_url, target = databases("target")
    restored = backup(environment(target_url, tmp_path / "restored-files"), "restore", str(folder))
    assert restored.returncode == 0, restored.stderr
    assert f"Restored the database and {len(files)} files" in restored.stdout
    assert contents(target) == rows
    assert checksums(tmp_path / "restored-files") == files

    # Restoring again over the restored database replaces it rather than doubling it.
    again = backup(environment(target_url, tmp_path / "restored-files"), "restore", str(folder))
    assert again.returncode == 0, again.stderr
    assert contents(target) == rows


def test_a_tampered_backup_is_refused_before_anything_is_restored(tmp_path, databases):
    source_url, _source = databases("source")
    env = environment(source_url, tmp_path / "files")
    manage(env, "migrate", "--noinput")
    (tmp_path / "files" / "decision-evidence").mkdir(parents=True)
    (tmp_path / "files" / "decision-evidence" / "signed.pdf").write_bytes(b"%PDF-1.7\nsigned by the client")
    folder = Path(backup(env, "create", "--into", str(tmp_path / "backups")).stdout.strip())

    (folder / "files" / "decision-evidence" / "signed.pdf").write_bytes(b"%PDF-1.7\nsigned by someone else")
    target_url, target = databases("target")
    refused = backup(environment(target_url, tmp_path / "restored-files"), "restore", str(folder))
    assert refused.returncode == 1
    assert "Refusing to restore a damaged backup; nothing was changed." in refused.stderr
    assert "changed since the backup (SHA-256 differs): files/decision-evidence/signed.pdf" in refused.stderr
    assert contents(target) == {}  # the target database was not touched
    assert not (tmp_path / "restored-files").exists()

    (folder / "files" / "decision-evidence" / "signed.pdf").unlink()
    refused = backup(environment(target_url, tmp_path / "restored-files"), "restore", str(folder))
    assert "missing: files/decision-evidence/signed.pdf" in refused.stderr and refused.returncode == 1


def test_the_pg_dump_here_can_read_the_server(tmp_path, databases):
    """pg_dump refuses a server newer than itself: the client installed must match the server's major version."""
    url, connect = databases("version")
    with connect() as db, db.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    client_major = int(client.split()[2].split(".")[0])
    assert client_major >= server_major, f"pg_dump {client_major} cannot dump a PostgreSQL {server_major} server"


def test_a_sqlite_installation_is_copied_whole_even_while_open(tmp_path):
    database = tmp_path / "accountable.sqlite3"
    writer = sqlite3.connect(database)
    writer.execute("CREATE TABLE booking (id INTEGER PRIMARY KEY, reference TEXT)")
    writer.executemany("INSERT INTO booking (reference) VALUES (?)", [(f"BK-{n}",) for n in range(500)])
    writer.commit()
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "kv.png").write_bytes(b"\x89PNG key visual")
    env = environment(f"sqlite:///{database}", tmp_path / "files")

    made = backup(env, "create", "--into", str(tmp_path / "backups"))  # while the app holds the database open
    assert made.returncode == 0, made.stderr
    restored_database = tmp_path / "restored" / "accountable.sqlite3"
    restored = backup(environment(f"sqlite:///{restored_database}", tmp_path / "restored" / "files"), "restore",
                      made.stdout.strip())  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    rows = sqlite3.connect(restored_database).execute("SELECT count(*), max(reference) FROM booking").fetchone()
    assert rows == (500, "BK-99")
    assert checksums(tmp_path / "restored" / "files") == checksums(tmp_path / "files")
    writer.close()

    postgres_url = "postgres://postgres@127.0.0.1:5432/accountable_nowhere"
    mismatch = backup(environment(postgres_url, tmp_path / "elsewhere"), "restore", made.stdout.strip())
    assert mismatch.returncode == 1
    assert "This backup holds a sqlite3 database; DATABASE_URL is postgresql." in mismatch.stderr
