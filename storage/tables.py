"""Table definitions (SQLAlchemy Core). The domain classes stay free of SQLAlchemy; the
repositories map rows to them. Every schema change is an Alembic migration in storage/migrations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on both backends (SQLite would otherwise hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Dialog and user state written by the botbuilder Storage (storage.bot_state).
bot_state = Table(
    "bot_state",
    metadata,
    Column("key", String(1024), primary_key=True),
    Column("etag", String(64), nullable=False),
    Column("data", Text, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# One row per conversation the bot has seen: what a proactive message needs.
conversation_references = Table(
    "conversation_references",
    metadata,
    Column("conversation_id", String(1024), primary_key=True),
    Column("channel_id", String(64), nullable=False),
    Column("service_url", String(1024), nullable=False),
    Column("conversation_type", String(32), nullable=True),
    Column("tenant_id", String(64), nullable=True),
    Column("team_id", String(512), nullable=True),
    Column("teams_channel_id", String(512), nullable=True),
    Column("bot_id", String(512), nullable=True),
    Column("bot_name", String(256), nullable=True),
    Column("user_id", String(512), nullable=True),
    Column("user_aad_object_id", String(64), nullable=True),
    Column("user_name", String(256), nullable=True),
    Column("locale", String(16), nullable=True),
    Column("reference", JSON, nullable=False),
    Column("is_active", Boolean, nullable=False, default=True),
    Column("first_seen_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

delprojekt = Table(
    "delprojekt",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(32), nullable=False, unique=True),
    Column("key_prefix", String(8), nullable=False),
    Column("key_year", Integer, nullable=False),
    Column("key_number", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("stage", String(40), nullable=False),
    Column("regions", JSON, nullable=False),
    Column("characters", JSON, nullable=False),
    Column("created_by", String(256), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("version", Integer, nullable=False),
    Column("uppdrag", JSON, nullable=False, default=dict),
    Column("created_by_id", String(64), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=True),
    # The checklist template (name@version) the delprojekt started with; moved only on request.
    Column("checklist_template", String(150), nullable=True),
    # The uppdrag's current version, who saved it and when, and the version the start decision froze.
    # The server defaults are the ones the migrations that added these columns left in place
    # (0008, 0010): a database made from these tables is the one the scripts make.
    Column("uppdrag_version", Integer, nullable=False, default=1, server_default="1"),
    Column("uppdrag_revised_by", String(256), nullable=False, default="", server_default=""),
    Column("uppdrag_revised_at", UtcDateTime(), nullable=True),
    Column("uppdrag_frozen", Integer, nullable=True),
    UniqueConstraint("key_prefix", "key_year", "key_number", name="uq_delprojekt_key_parts"),
    # The order every list of delprojekt is in (`översikt` reads the first of them): by an index,
    # not a sort of the whole table (issue 18; migration 0013).
    Index("ix_delprojekt_year_number", "key_year", "key_number"),
)

# Every version of every uppdrag, as it was saved (the delprojekt row holds the current one).
uppdrag_versions = Table(
    "uppdrag_versions",
    metadata,
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("data", JSON, nullable=False),
    Column("by", String(256), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

stage_changes = Table(
    "stage_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("from_stage", String(40), nullable=True),
    Column("to_stage", String(40), nullable=False),
    Column("by", String(256), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("overridden", Boolean, nullable=False, default=False),
    # A move made by a decision (återremiss, avslag): its kind and diarienummer.
    Column("decision_kind", String(40), nullable=True),
    Column("diarienummer", String(60), nullable=False, default="", server_default=""),
    UniqueConstraint("delprojekt_id", "seq", name="uq_stage_changes_delprojekt_seq"),
)

arbetsgrupp_members = Table(
    "arbetsgrupp_members",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("role", String(40), nullable=False),
    Column("region", String(100), nullable=True),
    Column("organisation", String(200), nullable=False),
    Column("aad_object_id", String(64), nullable=True),
    Column("added_by", String(256), nullable=False),
    Column("added_at", UtcDateTime(), nullable=False),
)

project_decisions = Table(
    "project_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("body", String(200), nullable=False),
    Column("diarienummer", String(60), nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_by", String(256), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("outcome", String(20), nullable=False, default="bifall", server_default="bifall"),
    Column("return_to", String(40), nullable=True),
    UniqueConstraint("delprojekt_id", "seq", name="uq_project_decisions_delprojekt_seq"),
)

# Each region's own decision on the nämnd's recommendation; a later one replaces an earlier one.
regional_decisions = Table(
    "regional_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("region", String(100), nullable=False),
    Column("body", String(200), nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("diarienummer", String(60), nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_by", String(256), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    UniqueConstraint("delprojekt_id", "seq", name="uq_regional_decisions_delprojekt_seq"),
)

# The anchoring log: region, forum, date, with whom, their views, the outcome. Only grows.
anchoring_entries = Table(
    "anchoring_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("region", String(100), nullable=False),
    Column("forum", String(40), nullable=False),
    Column("on", Date, nullable=False),
    Column("who", String(200), nullable=False),
    Column("views", Text, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("recorded_by", String(256), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    UniqueConstraint("delprojekt_id", "seq", name="uq_anchoring_entries_delprojekt_seq"),
)

region_implementation = Table(
    "region_implementation",
    metadata,
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), primary_key=True),
    Column("region", String(100), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("on", Date, nullable=True),
    Column("comment", Text, nullable=False),
    Column("by", String(256), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

# A team channel (or group chat) that works for a delprojekt: commands there need no key, and
# reminders go there. One channel serves one delprojekt; a delprojekt may have several channels.
channel_links = Table(
    "channel_links",
    metadata,
    Column("link_id", String(1024), primary_key=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("conversation_id", String(1024), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("linked_by", String(256), nullable=False),
    Column("linked_at", UtcDateTime(), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("actor_name", String(256), nullable=False),
    Column("actor_id", String(64), nullable=True),
    Column("action", String(60), nullable=False),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
)

# Cards that create something carry a one-time id: a second submit of the same card is recognised.
processed_submits = Table(
    "processed_submits",
    metadata,
    Column("card_id", String(64), primary_key=True),
    Column("action", String(60), nullable=False),
    Column("result", String(200), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("held_at", UtcDateTime(), nullable=False),
    Column("place", String(300), nullable=False),
    Column("present", JSON, nullable=False),
    Column("absent", JSON, nullable=False),
    Column("agenda", JSON, nullable=False),
    Column("justerare", JSON, nullable=True),
    Column("approved_by", String(256), nullable=True),
    Column("approved_at", UtcDateTime(), nullable=True),
    Column("created_by", String(256), nullable=False),
    # Where the minutes card was posted, so it can be updated in place.
    Column("conversation_id", String(1024), nullable=True),
    Column("card_activity_id", String(256), nullable=True),
    Column("version", Integer, nullable=False),
    UniqueConstraint("delprojekt_id", "number", name="uq_meetings_delprojekt_number"),
)

minute_entries = Table(
    "minute_entries",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("register_id", String(16), nullable=True),
    Column("text", Text, nullable=False),
    Column("details", JSON, nullable=False),
    Column("by", String(256), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("due", Date, nullable=True),
    Column("done_at", UtcDateTime(), nullable=True),
    Column("done_by", String(256), nullable=True),
    UniqueConstraint("delprojekt_id", "register_id", name="uq_minute_entries_delprojekt_register"),
    # The minutes card's newest entries, and `status`'s overdue action items counted, by an index
    # whatever the history (issue 18; migration 0013).
    Index("ix_minute_entries_meeting_seq", "meeting_id", "seq"),
    Index("ix_minute_entries_open_actions", "delprojekt_id", "kind", "done_at", "due"),
)

minute_amendments = Table(
    "minute_amendments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("by", String(256), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("reason", String(300), nullable=False),
    Column("text", Text, nullable=False),
)

# Every answer is a new revision: history is kept, and two people answering the same revision of an
# item cannot both win (the unique constraint refuses the second).
checklist_answers = Table(
    "checklist_answers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # No index of its own: the unique (delprojekt, item, revision) below serves look-ups by
    # delprojekt, and a second one let a cached plan take the wrong one (migration 0014).
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False),
    Column("item_id", String(60), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("value", JSON, nullable=True),
    Column("justification", Text, nullable=False),
    Column("by", String(256), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    UniqueConstraint("delprojekt_id", "item_id", "revision", name="uq_checklist_answers_item_revision"),
)

# Every report handed out: what, of what, in which format, for whom and when, the content hash and
# the section texts (for "what changed since the version the ledningsgrupp saw"), and the file
# itself, which the signed download links serve.
report_generations = Table(
    "report_generations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("subject", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("meeting_number", Integer, nullable=True),
    Column("format", String(8), nullable=False),
    Column("locale", String(8), nullable=False),
    Column("by", String(256), nullable=False),
    Column("by_id", String(64), nullable=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("gaps", Integer, nullable=False),
    Column("sections", JSON, nullable=False),
    Column("file_name", String(120), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("content", LargeBinary, nullable=False),
    # The decision this generation was frozen for (the ledningsgrupp's on the slutrapport), or NULL.
    Column("frozen_for", String(40), nullable=True),
)

# Reminder settings per delprojekt (rules switched off, lead times, the dates reminders hang on).
reminder_settings = Table(
    "reminder_settings",
    metadata,
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), primary_key=True),
    Column("settings", JSON, nullable=False),
    Column("updated_by", String(256), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# The reminder outbox: one row per (rule, subject, occasion), so the same reminder is never created
# twice. States: pending -> sending (leased by one dispatcher) -> sent | pending (retry) | dead;
# cancelled when no longer planned, done when acted on.
reminders = Table(
    "reminders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule", String(30), nullable=False),
    Column("subject", String(80), nullable=False),
    Column("occasion", String(80), nullable=False),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("conversation_id", String(1024), nullable=False),
    Column("params", JSON, nullable=False),
    Column("state", String(12), nullable=False),
    Column("due_at", UtcDateTime(), nullable=False),
    Column("next_attempt_at", UtcDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("lease_owner", String(64), nullable=True),
    Column("lease_until", UtcDateTime(), nullable=True),
    Column("last_error", String(500), nullable=True),
    Column("sent_at", UtcDateTime(), nullable=True),
    Column("activity_id", String(256), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("rule", "subject", "occasion", name="uq_reminders_rule_subject_occasion"),
    Index("ix_reminders_state_due", "state", "next_attempt_at"),
)

# Strategiska frågor (KEFU 10): one register across every delprojekt. A question raised in the
# minutes points at its entry (one question per entry); one raised by the kansli has none.
strategic_questions = Table(
    "strategic_questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column(
        "source_entry_id",
        String(36),
        ForeignKey("minute_entries.id", ondelete="SET NULL"),
        nullable=True,
        unique=True,
    ),
    Column("forum", String(30), nullable=True),
    Column("status", String(20), nullable=False),
    Column("answer", Text, nullable=False),
    Column("raised_by", String(256), nullable=False),
    Column("raised_by_id", String(64), nullable=True),
    Column("raised_at", UtcDateTime(), nullable=False),
    Column("answered_by", String(256), nullable=True),
    Column("answered_at", UtcDateTime(), nullable=True),
    Column("updated_by", String(256), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=True),
    Column("version", Integer, nullable=False),
    UniqueConstraint("delprojekt_id", "number", name="uq_strategic_questions_delprojekt_number"),
    Index("ix_strategic_questions_status", "status"),
)

# What the last sweep planned for each delprojekt: a fingerprint of everything its reminders are
# planned from, and until when that plan holds without any change (the next midnight, or the moment
# a reminder further ahead comes within the horizon). A sweep re-plans only the delprojekt whose
# fingerprint changed or whose plan ran out (domain/services/reminders.py: sweep_changed).
reminder_plans = Table(
    "reminder_plans",
    metadata,
    Column("delprojekt_id", Integer, ForeignKey("delprojekt.id", ondelete="CASCADE"), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("planned_at", UtcDateTime(), nullable=False),
    Column("valid_until", UtcDateTime(), nullable=False),
)
