"""Schema revisions: what a plan has, what this version knows, and the upgrade."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic.command import upgrade as alembic_upgrade
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _revisions(location: str) -> tuple[str, frozenset[str]]:
    # Reading the migration scripts costs more than opening a plan; they do not change
    # while the app runs, so read them once per folder.
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
    return MigrationContext.configure(connection).get_current_revision()


def is_empty(connection: Connection) -> bool:
    return not inspect(connection).get_table_names()


def upgrade_to_head(connection: Connection) -> None:
    """Run the migrations inside the caller's transaction on ``connection``."""
    alembic_upgrade(alembic_config(connection), "head")
