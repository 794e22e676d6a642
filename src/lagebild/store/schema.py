"""Schema migrations, the part both backends share: which scripts there are and which to apply.

Each backend keeps one folder of numbered scripts (`migrations/NNNN_*.sql` for SQLite,
`migrations/postgres/NNNN_*.sql` for PostgreSQL) with the same numbers, so a version means the
same schema on both. A backend only knows how to read and write its version and how to run one
script in a transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from importlib.abc import Traversable

from lagebild.errors import StoreError

MIGRATIONS = resources.files("lagebild.store") / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[\w-]+\.sql$")


def scripts(directory: Traversable) -> list[tuple[int, Traversable]]:
    """The migration scripts of a folder, by version."""
    return sorted(
        (int(m.group(1)), entry) for entry in directory.iterdir() if (m := _MIGRATION_NAME.match(entry.name))
    )


def upgrade(directory: Traversable, current: int, apply: Callable[[int, str], None]) -> int:
    """Run `apply(version, script)` for every script newer than `current`; return the new version.

    A database newer than the code is refused rather than guessed at: its tables may mean
    something this version does not know.
    """
    todo = scripts(directory)
    latest = todo[-1][0] if todo else 0
    if current > latest:
        raise StoreError(
            f"Database schema version {current} is newer than this lagebild ({latest}); upgrade lagebild."
        )
    for version, entry in todo:
        if version > current:
            apply(version, entry.read_text(encoding="utf-8"))
    return max(current, latest)
