"""Migrations: an empty database reaches head, the models match the migrations, a newer
plan is refused untouched, and an upgrade is backed up first and all-or-nothing."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, create_engine, inspect, select

from planner import migrate, services
from planner.backup import list_backups
from planner.cli.main import main
from planner.errors import PlanOpenError, ValidationError
from planner.models import Authorisation, Base, Mission, Unit
from planner.plan import Plan, open_plan
from planner.services.clauses import create_clause


def _migrated_engine(path: Path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        migrate.upgrade_to_head(connection)
    return engine


def test_upgrade_from_an_empty_database_reaches_head(tmp_path: Path) -> None:
    engine = _migrated_engine(tmp_path / "fresh.sqlite")
    with engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert not migrate.is_empty(connection)
    engine.dispose()
    assert migrate.head_revision() in migrate.known_revisions()


def test_models_match_the_migrations(tmp_path: Path) -> None:
    engine = _migrated_engine(tmp_path / "fresh.sqlite")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        # Autogenerate does not compare CHECK constraints: compare their names here.
        sql = " ".join(
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL"
            )
        )
    engine.dispose()
    in_database = set(re.findall(r"CONSTRAINT (ck_\w+) CHECK", sql))
    in_models = {
        str(constraint.name)
        for table in Base.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    assert in_models and in_database == in_models


def test_a_new_plan_is_at_head_with_its_defaults(plan: Plan) -> None:
    assert plan.schema_revision() == migrate.head_revision()
    with plan.read() as session:
        count = session.connection().exec_driver_sql("SELECT count(*) FROM settings").scalar()
    assert count == 1


def _set_revision(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    connection.close()


def test_a_plan_from_a_newer_version_is_refused_untouched(plan: Plan) -> None:
    path = plan.path
    assert path is not None
    plan.close()
    _set_revision(path, "zzzz")
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(
            PlanOpenError, match=r"newer version of Rotation Planner \(schema zzzz\)"
        ):
            open_plan(path, read_only=read_only)
    assert path.read_bytes() == before
    assert list_backups(path) == []


def test_a_database_with_tables_but_no_revision_is_not_a_plan(plan: Plan) -> None:
    path = plan.path
    assert path is not None
    plan.close()
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM alembic_version")
    connection.close()
    with pytest.raises(PlanOpenError, match="not a Rotation Planner plan"):
        open_plan(path)


NEXT_MIGRATION = '''
"""test: {what}"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    pass
'''

ADD_COLUMN = """\
    # Batch mode copies person and drops the old table: with foreign keys on, the drop
    # would cascade-delete every credential, absence and assignment.
    with op.batch_alter_table("person", recreate="always") as batch:
        batch.add_column(sa.Column("nickname", sa.String(40), nullable=True))
"""

FAIL_HALF_WAY = """\
    op.create_table("probe", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("UPDATE mission SET name = 'half-way'")
    raise RuntimeError("the migration broke half-way")
"""


@pytest.fixture
def next_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pretend this app ships one more migration: write it into a copy of the scripts."""

    def install(body: str, what: str) -> None:
        folder = tmp_path / "migrations"
        shutil.copytree(
            migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__")
        )
        (folder / "versions" / "9001_test.py").write_text(
            NEXT_MIGRATION.format(what=what, head=migrate.head_revision(), body=body)
        )
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)

    return install


def _plan_with_people(path: Path) -> None:
    with open_plan(path, create=True) as plan:
        person = (
            services.create(
                plan,
                "person",
                {
                    "service_number": "KZ-9",
                    "surname": "A",
                    "given_name": "B",
                    "sex": "F",
                    "rank": "Major",
                },
            )
            .changes[0]
            .id
        )
        for kind in ("passport", "medical"):
            services.create(
                plan, "credential", {"person_id": person, "kind": kind, "expires_on": "2030-01-01"}
            )


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        count = int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    connection.close()
    return count


def test_an_upgrade_is_backed_up_first_and_keeps_child_rows(tmp_path: Path, next_version) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.sqlite"
    _plan_with_people(path)
    old_head = migrate.head_revision()
    next_version(ADD_COLUMN, "add a column in batch mode")
    assert migrate.head_revision() == "9001"
    with open_plan(path) as plan:
        assert plan.schema_revision() == "9001"
        with plan.read() as session:
            connection = session.connection()
            columns = [r[1] for r in connection.exec_driver_sql("PRAGMA table_info(person)")]
            assert "nickname" in columns
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert _count(path, "credential") == 2  # the batch copy did not cascade
    (backup,) = list_backups(path)
    assert backup.name.endswith(f"-before-upgrade-from-{old_head}.sqlite")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_head
        assert copy.execute("SELECT count(*) FROM credential").fetchone()[0] == 2
    copy.close()


def test_a_failed_upgrade_leaves_the_plan_as_it_was(
    tmp_path: Path,
    next_version,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "old.sqlite"
    _plan_with_people(path)
    with open_plan(path) as plan:
        services.create(plan, "mission", {"code": "UNDOF", "name": "Golan"})
    old_head = migrate.head_revision()
    next_version(FAIL_HALF_WAY, "fail half-way")
    with pytest.raises(PlanOpenError, match=r"failed .*broke half-way.*left as it was") as caught:
        open_plan(path)
    assert len(str(caught.value).splitlines()) == 1
    with sqlite3.connect(path) as connection:
        assert (
            connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_head
        )
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "probe" not in tables
        assert connection.execute("SELECT name FROM mission").fetchall() == [("Golan",)]
    connection.close()
    assert len(list_backups(path)) == 1
    # The lock was released, and the app without the broken migration opens it.
    monkeypatch.undo()
    with open_plan(path) as plan:
        assert plan.schema_revision() == old_head


def test_revisions_read_from_the_scripts_agree_with_alembic(tmp_path: Path, next_version) -> None:  # type: ignore[no-untyped-def]
    shipped = str(migrate.MIGRATIONS_DIR)
    assert migrate._revisions(shipped) == migrate._revisions_from_alembic(shipped)
    next_version(ADD_COLUMN, "one more")
    extended = str(migrate.MIGRATIONS_DIR)
    assert migrate._revisions(extended) == migrate._revisions_from_alembic(extended)
    assert migrate._revisions(extended)[0] == "9001"


def test_opening_a_plan_at_head_does_not_import_alembic(plan: Plan) -> None:
    # Alembic costs more to import than opening a plan: only an upgrade needs it.
    code = (
        "import sys; from planner.plan import open_plan; "
        f"open_plan({str(plan.path)!r}, read_only=True).close(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


RELEASE_0001 = Path(__file__).parent.parent / "data" / "release-0001.sqlite"


def _findings(path: Path) -> dict[str, Any]:
    """``planner check --json`` of the plan at ``path``."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--db", str(path), "check", "--json"])
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def _without_messages(document: dict[str, Any]) -> list[dict[str, Any]]:
    # Messages are prose that may be reworded; every field of a finding must stay.
    return [{k: v for k, v in f.items() if k != "message"} for f in document["findings"]]


def test_a_plan_written_by_the_release_at_0001_opens_backs_up_upgrades_and_checks_the_same(
    tmp_path: Path,
) -> None:
    """tests/data/release-0001.sqlite was written by the release whose schema was 0001
    (tests/data/make_release_0001_plan.py); its findings then are beside it."""
    path = tmp_path / "release.sqlite"
    shutil.copy(RELEASE_0001, path)
    before = {table: _count(path, table) for table in ("person", "assignment", "credential")}
    with open_plan(path) as plan:
        assert plan.schema_revision() == migrate.head_revision() != "0001"
        with plan.read() as session:
            tables = set(inspect(session.connection()).get_table_names())
            assert {"ceiling_clause", "ceiling_clause_mission", "post"} <= tables
    (backup,) = list_backups(path)
    assert backup.name.endswith("-before-upgrade-from-0001.sqlite")
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    copy.close()
    assert {table: _count(path, table) for table in before} == before
    assert _count(path, "ceiling_clause") == _count(path, "post") == 0
    recorded = json.loads(RELEASE_0001.with_name("release-0001-findings.json").read_text())
    now = _findings(path)
    assert _without_messages(now) == _without_messages(recorded)
    assert now["summary"] == recorded["summary"]
    assert list_backups(path) == [backup]  # checking an upgraded plan upgrades nothing more


def test_the_upgraded_release_plan_takes_clauses_and_posts(tmp_path: Path) -> None:
    path = tmp_path / "release.sqlite"
    shutil.copy(RELEASE_0001, path)
    with open_plan(path) as plan:
        with plan.read() as session:
            ids = dict(session.execute(select(Authorisation.reference, Authorisation.id)).all())
            missions = dict(session.execute(select(Mission.code, Mission.id)).all())
            unit = session.scalar(select(Unit.id).where(Unit.code == "KAZCOY"))
        made = create_clause(
            plan,
            {
                "authorisation_id": ids["2018-06-15"],
                "label": "officers",
                "missions": [missions["MINURSO"], missions["UNIFIL"]],
                "categories": "observer,staff",
                "ceiling": 40,
            },
        )
        assert len(made.changes) == 3
        services.create(
            plan, "post", {"unit_id": unit, "code": "INF", "specialty": "Infantry", "count": 5}
        )
        with pytest.raises(ValidationError, match="named by ceiling clause 'officers'"):
            services.delete(plan, "mission", missions["MINURSO"], None)
