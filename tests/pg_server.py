"""A throw-away PostgreSQL server for the tests, started from the installed binaries.

Debian's `postgresql` package puts `initdb` and `pg_ctl` in /usr/lib/postgresql/NN/bin. The server
runs in a temporary directory on a free loopback port with trust authentication, and without fsync:
it lives for one test session, and the crash tests kill the client, never the server. PostgreSQL
refuses to run as root, so as root it runs as the `postgres` user (`runuser`).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


class PgServer:
    """A server reachable at `url` (a database the tests may use to create others)."""

    def __init__(self, url: str, stop: list[str] | None = None, workdir: str | None = None) -> None:
        self.url = url
        self._stop = stop
        self._workdir = workdir

    def database_url(self, name: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def stop(self) -> None:
        if self._stop:
            subprocess.run(self._stop, capture_output=True, timeout=60, check=False)
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)


def admin_connect(url: str) -> Any:
    """An autocommit connection (CREATE DATABASE cannot run in a transaction)."""
    import psycopg

    return psycopg.connect(url, autocommit=True)


def find_bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version, reverse=True)
    on_path = shutil.which("pg_config")
    if on_path:
        found = subprocess.run([on_path, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(found.stdout.strip() + "/initdb")
    for initdb in candidates:
        if os.access(initdb, os.X_OK):
            return Path(initdb).parent
    raise RuntimeError("no initdb found (apt-get install postgresql)")


def start_server() -> PgServer:
    """initdb + pg_ctl start in a fresh temporary directory; raises with the reason when it cannot."""
    import psycopg  # noqa: F401  (without the driver a server is of no use: fail here, with that reason)

    bindir = find_bindir()
    # Not under pytest's tmp dir: that is private to root, and the server may run as `postgres`.
    workdir = tempfile.mkdtemp(prefix="lagebild-pg-")
    data, port = os.path.join(workdir, "data"), _free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")  # KeyError when there is no such user: reported as the reason
        os.chown(workdir, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    os.chmod(workdir, 0o755)
    initdb = [str(bindir / "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]
    _run([*as_user, *initdb, "--locale=C.UTF-8"], workdir)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off -c full_page_writes=off"
    pg_ctl = [*as_user, str(bindir / "pg_ctl"), "-D", data, "-w", "-t", "60"]
    _run([*pg_ctl, "-l", os.path.join(workdir, "log"), "-o", options, "start"], workdir)
    return PgServer(
        f"postgresql://postgres@127.0.0.1:{port}/postgres", [*pg_ctl, "-m", "immediate", "stop"], workdir
    )


def _run(command: list[str], workdir: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, cwd=workdir, timeout=120, check=False)
    if done.returncode != 0:
        log = Path(workdir, "log")
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        shutil.rmtree(workdir, ignore_errors=True)
        raise RuntimeError(f"{' '.join(command[:4])}… failed: {(done.stderr or done.stdout)[-500:]} {tail}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _version(initdb: str) -> int:
    digits = Path(initdb).parent.parent.name
    return int(digits) if digits.isdigit() else 0
