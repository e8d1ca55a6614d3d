"""Schema revisions: what a plan has, what this version knows, and the upgrade.

Alembic is imported only to upgrade: importing it costs more than opening a plan, and
a plan at the current revision needs none of it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"

_REVISION = re.compile(r"^revision(?:\s*:[^=\n]*)?\s*=\s*(.+?)\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=\n]*)?\s*=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""^(['"])([\w-]+)\1$""")


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _plain(value: str) -> str | None:
    """A revision id written as a plain quoted string, None for None; else ValueError."""
    if value == "None":
        return None
    match = _QUOTED.match(value)
    if match is None:
        raise ValueError(value)
    return match.group(2)


@functools.cache
def _revisions(location: str) -> tuple[str, frozenset[str]]:
    """(head, every revision) of the scripts in ``location``, read once per process.

    The ids are read from the scripts' text; anything unusual (a merge, a branch, an
    id built in code) falls back to Alembic's own reading.
    """
    parents: dict[str, str | None] = {}
    try:
        for script in sorted(Path(location, "versions").glob("*.py")):
            source = script.read_text(encoding="utf-8")
            revision, down = _REVISION.search(source), _DOWN_REVISION.search(source)
            if revision is None or down is None:
                raise ValueError(script.name)
            name = _plain(revision.group(1))
            if name is None:
                raise ValueError(script.name)
            parents[name] = _plain(down.group(1))
        heads = set(parents) - {p for p in parents.values() if p is not None}
        if len(heads) != 1 or list(parents.values()).count(None) != 1:
            raise ValueError("not one straight line of revisions")
    except ValueError:
        return _revisions_from_alembic(location)
    return heads.pop(), frozenset(parents)


def _revisions_from_alembic(location: str) -> tuple[str, frozenset[str]]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", location)
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head, frozenset(rev.revision for rev in script.walk_revisions())


def head_revision() -> str:
    return _revisions(str(MIGRATIONS_DIR))[0]


def known_revisions() -> frozenset[str]:
    return _revisions(str(MIGRATIONS_DIR))[1]


def current_revision(connection: Connection) -> str | None:
    """The plan's schema revision; None when it has no revision table (or an empty one)."""
    if VERSION_TABLE not in inspect(connection).get_table_names():
        return None
    versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
    if len(versions) > 1:
        # Alembic would refuse a plan on two branches; so does this version.
        raise ValueError(f"the plan has {len(versions)} schema revisions at once")
    return str(versions[0][0]) if versions else None


def is_empty(connection: Connection) -> bool:
    return not inspect(connection).get_table_names()


def upgrade_to_head(connection: Connection) -> None:
    """Run the migrations inside the caller's transaction on ``connection``."""
    from alembic.command import upgrade

    upgrade(alembic_config(connection), "head")
