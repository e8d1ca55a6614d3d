"""SQLAlchemy 2 typed models of every entity of DESIGN.md section 2.

Natural keys are unique; CHECK constraints are named (through the metadata's naming
convention) so that migrations and error messages can refer to them; every editable table
has an integer ``version`` used for optimistic locking.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from planner.domain import (
    ASSIGNMENT_STATUSES,
    CATEGORIES,
    CEFR_LEVELS,
    GENDER_GROUPS,
    RANKS,
    REQUIREMENT_SCOPES,
    REQUIREMENT_SPANS,
    ROTATION_STATUSES,
    SEXES,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Mixin: an integer version bumped on each UPDATE; a stale UPDATE raises."""

    # Each model names it as its version_id_col: SQLAlchemy then adds "AND version = :old"
    # to every UPDATE and DELETE and raises StaleDataError when no row matched.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class Mission(Versioned, Base):
    __tablename__ = "mission"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(3), default="en")
    mandate_start: Mapped[dt.date | None] = mapped_column(Date)
    mandate_end: Mapped[dt.date | None] = mapped_column(Date)
    __table_args__ = (
        CheckConstraint(
            "mandate_end IS NULL OR mandate_start IS NULL OR mandate_end >= mandate_start",
            name="mandate_order",
        ),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Authorisation(Versioned, Base):
    __tablename__ = "authorisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    adopted_on: Mapped[dt.date] = mapped_column(Date)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    total_ceiling: Mapped[int | None] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="validity_order"),
        CheckConstraint(
            "total_ceiling IS NULL OR total_ceiling >= 0", name="total_ceiling_not_negative"
        ),
        CheckConstraint("length(reference) > 0", name="reference_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class AuthorisedMission(Versioned, Base):
    __tablename__ = "authorised_mission"
    id: Mapped[int] = mapped_column(primary_key=True)
    authorisation_id: Mapped[int] = mapped_column(
        ForeignKey("authorisation.id", ondelete="CASCADE"), index=True
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="RESTRICT"), index=True
    )
    ceiling: Mapped[int | None] = mapped_column(Integer)
    # Comma-separated subset of CATEGORIES; empty means every category is allowed.
    categories: Mapped[str] = mapped_column(String(40), default="")
    __table_args__ = (
        UniqueConstraint("authorisation_id", "mission_id"),
        CheckConstraint("ceiling IS NULL OR ceiling >= 0", name="ceiling_not_negative"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class CeilingClause(Versioned, Base):
    """A limit as the law writes it: "up to 40 officers for UNTSO, UNFICYP, UNMOGIP,
    UNIFIL and MINURSO". Its missions are rows of CeilingClauseMission (none: every
    mission the authorisation lists); its categories a comma-separated subset of
    CATEGORIES (empty: every category)."""

    __tablename__ = "ceiling_clause"
    id: Mapped[int] = mapped_column(primary_key=True)
    authorisation_id: Mapped[int] = mapped_column(
        ForeignKey("authorisation.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(100))
    categories: Mapped[str] = mapped_column(String(40), default="")
    ceiling: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint("authorisation_id", "label"),
        # The target of the clause missions' foreign key (clause, its authorisation): a
        # clause's mission rows can only name the clause's own authorisation.
        UniqueConstraint("id", "authorisation_id"),
        CheckConstraint("ceiling >= 0", name="ceiling_not_negative"),
        CheckConstraint("length(label) > 0", name="label_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class CeilingClauseMission(Versioned, Base):
    """One mission a clause names. Its foreign key is the authorised mission itself
    (authorisation, mission), so the database holds only missions the clause's
    authorisation lists, and refuses to unlist a mission a clause still names: a clause
    never widens to "every mission" behind the planner's back."""

    __tablename__ = "ceiling_clause_mission"
    id: Mapped[int] = mapped_column(primary_key=True)
    clause_id: Mapped[int] = mapped_column(Integer)
    authorisation_id: Mapped[int] = mapped_column(Integer)
    mission_id: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        ForeignKeyConstraint(
            ["clause_id", "authorisation_id"],
            ["ceiling_clause.id", "ceiling_clause.authorisation_id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["authorisation_id", "mission_id"],
            ["authorised_mission.authorisation_id", "authorised_mission.mission_id"],
            ondelete="RESTRICT",
        ),
        UniqueConstraint("clause_id", "mission_id"),
        Index(None, "authorisation_id", "mission_id"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Unit(Versioned, Base):
    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="RESTRICT"), index=True
    )
    strength: Mapped[int | None] = mapped_column(Integer)
    partner: Mapped[str] = mapped_column(String(200), default="")
    tour_months: Mapped[int | None] = mapped_column(Integer)
    handover_days: Mapped[int] = mapped_column(Integer, default=14)
    __table_args__ = (
        CheckConstraint("strength IS NULL OR strength >= 0", name="strength_not_negative"),
        CheckConstraint("tour_months IS NULL OR tour_months > 0", name="tour_months_positive"),
        CheckConstraint("handover_days >= 0", name="handover_days_not_negative"),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Post(Versioned, Base):
    """A line of a unit's establishment: ``count`` places for the specialty, each for a
    rank of at least ``min_rank`` (None: any rank)."""

    __tablename__ = "post"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    specialty: Mapped[str] = mapped_column(String(100))
    min_rank: Mapped[str | None] = mapped_column(String(30))
    count: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (
        UniqueConstraint("unit_id", "code"),
        CheckConstraint("count >= 1", name="count_positive"),
        CheckConstraint(f"min_rank IS NULL OR {_one_of('min_rank', RANKS)}", name="min_rank_known"),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
        CheckConstraint("length(specialty) > 0", name="specialty_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Rotation(Versioned, Base):
    __tablename__ = "rotation"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period_order"),
        CheckConstraint(_one_of("status", ROTATION_STATUSES), name="status_known"),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Person(Versioned, Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_number: Mapped[str] = mapped_column(String(30), unique=True)
    surname: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    rank: Mapped[str] = mapped_column(String(30))
    specialty: Mapped[str] = mapped_column(String(100), default="")
    commissioned_on: Mapped[dt.date | None] = mapped_column(Date)
    # Canonical "en:B2, fr:A2" (see planner.domain.normalise_languages).
    languages: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (
        CheckConstraint(_one_of("sex", SEXES), name="sex_known"),
        CheckConstraint(_one_of("rank", RANKS), name="rank_known"),
        CheckConstraint("length(service_number) > 0", name="service_number_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Credential(Versioned, Base):
    __tablename__ = "credential"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")
    __table_args__ = (
        UniqueConstraint("person_id", "kind", "expires_on"),
        CheckConstraint("issued_on IS NULL OR expires_on >= issued_on", name="validity_order"),
        CheckConstraint("length(kind) > 0", name="kind_not_empty"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Absence(Versioned, Base):
    __tablename__ = "absence"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (
        UniqueConstraint("person_id", "starts_on"),
        CheckConstraint("ends_on >= starts_on", name="period_order"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Assignment(Versioned, Base):
    __tablename__ = "assignment"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="RESTRICT"), index=True
    )
    rotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("rotation.id", ondelete="RESTRICT"), index=True
    )
    category: Mapped[str] = mapped_column(String(10))
    role: Mapped[str] = mapped_column(String(100), default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    __table_args__ = (
        UniqueConstraint("person_id", "mission_id", "starts_on"),
        CheckConstraint("ends_on >= starts_on", name="period_order"),
        CheckConstraint(_one_of("category", CATEGORIES), name="category_known"),
        CheckConstraint(_one_of("status", ASSIGNMENT_STATUSES), name="status_known"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class Settings(Versioned, Base):
    """The rule parameters of one plan: a single row (id = 1)."""

    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    min_rest_days: Mapped[int] = mapped_column(Integer, default=365)
    passport_margin_days: Mapped[int] = mapped_column(Integer, default=180)
    language_min_level: Mapped[str] = mapped_column(String(2), default="B1")
    individual_min_age: Mapped[int] = mapped_column(Integer, default=25)
    individual_max_age: Mapped[int] = mapped_column(Integer, default=55)
    min_years_commissioned: Mapped[int] = mapped_column(Integer, default=5)
    min_rank: Mapped[str] = mapped_column(String(30), default="Captain")
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("min_rest_days >= 0", name="min_rest_days_not_negative"),
        CheckConstraint("passport_margin_days >= 0", name="passport_margin_not_negative"),
        CheckConstraint(_one_of("language_min_level", CEFR_LEVELS), name="language_level_known"),
        CheckConstraint("individual_max_age >= individual_min_age", name="age_range_order"),
        CheckConstraint("min_years_commissioned >= 0", name="min_years_not_negative"),
        CheckConstraint(_one_of("min_rank", RANKS), name="min_rank_known"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class CredentialRequirement(Versioned, Base):
    __tablename__ = "credential_requirement"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    applies_to: Mapped[str] = mapped_column(String(12), default="all")
    span: Mapped[str] = mapped_column(String(12), default="start")
    __table_args__ = (
        UniqueConstraint("kind", "applies_to"),
        CheckConstraint(_one_of("applies_to", REQUIREMENT_SCOPES), name="scope_known"),
        CheckConstraint(_one_of("span", REQUIREMENT_SPANS), name="span_known"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class GenderTarget(Versioned, Base):
    __tablename__ = "gender_target"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    group: Mapped[str] = mapped_column("group_name", String(12))
    # A share between 0 and 1 (0.15 = 15 %).
    target_share: Mapped[float] = mapped_column(Float)
    __table_args__ = (
        UniqueConstraint("year", "group_name"),
        CheckConstraint(_one_of("group_name", GENDER_GROUPS), name="group_known"),
        CheckConstraint("target_share >= 0 AND target_share <= 1", name="share_range"),
    )
    __mapper_args__ = {"version_id_col": Versioned.version}


class PlanNote(Base):
    """Free key/value facts about the plan file itself (name, created with)."""

    __tablename__ = "plan_note"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


EDITABLE_MODELS: tuple[type[Base], ...] = (
    Mission,
    Authorisation,
    AuthorisedMission,
    CeilingClause,
    CeilingClauseMission,
    Unit,
    Post,
    Rotation,
    Person,
    Credential,
    Absence,
    Assignment,
    Settings,
    CredentialRequirement,
    GenderTarget,
)
