"""The demo server the browser journeys run against.

A subprocess serves the application with the demo settings (`make run`'s
configuration: DEBUG off, static files through WhiteNoise) on a free local port,
against its own fresh database that only `manage.py load_demo` fills: a
temporary SQLite file, or, when DATABASE_URL points to PostgreSQL, a throw-away
PostgreSQL database created here and dropped afterwards.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "casework.settings_demo"
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env, *args, log):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


@contextmanager
def throwaway_database(workdir: Path):
    """Yield a DATABASE_URL of a database of its own, removed afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield f"sqlite:///{workdir / 'demo.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"cw_browser_{uuid.uuid4().hex[:12]}"
    admin = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_until_serving(url: str, process: subprocess.Popen, log_path: Path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"The demo server stopped at start:\n{log_path.read_text()}"
            )
        try:
            with urllib.request.urlopen(url + "/konto/logga-in/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"The demo server did not answer:\n{log_path.read_text()}")


@contextmanager
def demo_server(workdir: Path):
    """Serve the demo from ``workdir``; yield its base URL."""
    with throwaway_database(workdir) as database_url:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            DATABASE_URL=database_url,
            MEDIA_ROOT=str(workdir / "media"),
            STATIC_ROOT=str(workdir / "static"),
            PYTHONUNBUFFERED="1",
        )
        log_path = workdir / "server.log"
        with log_path.open("w") as log:
            _manage(env, "migrate", "--no-input", "-v0", log=log)
            _manage(env, "collectstatic", "--no-input", "-v0", log=log)
            _manage(env, "load_demo", log=log)
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload"]
                + [f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_serving(url, process, log_path)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
