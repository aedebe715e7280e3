"""Database triggers that make the legal record append-only, whoever writes to the database.

The services never update or delete these rows; the triggers make a raw SQL UPDATE or DELETE
fail too. Rows hanging off a revision (its findings and acknowledgements) are frozen once the
revision carries a signature; signatures, addenda and audit events are frozen from the start.
On PostgreSQL, TRUNCATE (which row triggers never see) is refused by statement-level triggers,
and the audit head row only ever moves one event forward (0004). Migrations call
`create`/`drop` with the tables they introduce.
"""

from alembic import op

# table -> the column naming the revision whose signature freezes the row ("" = always).
FROZEN_WHEN_SIGNED = {"revision": "id", "finding": "revision_id", "acknowledgement": "revision_id"}
ALWAYS_FROZEN = ("signature", "audit_event")
_PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION ptscribe_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ptscribe: % rows are append-only (% refused)', TG_TABLE_NAME, TG_OP;
END $$;
CREATE OR REPLACE FUNCTION ptscribe_refuse_signed_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM signature
               WHERE revision_id = (to_jsonb(OLD) ->> TG_ARGV[0])::integer) THEN
        RAISE EXCEPTION 'ptscribe: % of a signed revision refused (%)', TG_OP, TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
"""


def _postgres() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def create_functions() -> None:
    if _postgres():
        op.execute(_PG_FUNCTIONS)


def drop_functions() -> None:
    if _postgres():
        op.execute("DROP FUNCTION IF EXISTS ptscribe_refuse_signed_change()")
        op.execute("DROP FUNCTION IF EXISTS ptscribe_refuse_change()")


def create(table: str, signed_column: str = "") -> None:
    """Refuse UPDATE and DELETE on `table` (only for signed revisions if a column is given)."""
    if _postgres():
        if signed_column:
            body = f"ptscribe_refuse_signed_change('{signed_column}')"
        else:
            body = "ptscribe_refuse_change()"
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {body}"
        )
        return
    when = (
        f"WHEN EXISTS (SELECT 1 FROM signature WHERE signature.revision_id = OLD.{signed_column})"
        if signed_column
        else ""
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} {when} "
            f"BEGIN SELECT RAISE(ABORT, 'ptscribe: {table} rows are append-only "
            f"({verb} refused)'); END"
        )


def drop(table: str) -> None:
    if _postgres():
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        return
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


# TRUNCATE skips row triggers on PostgreSQL, so each guarded table also gets a statement-level
# trigger. SQLite has no TRUNCATE: its "DELETE FROM t" truncate optimisation is disabled by
# the row triggers above, which therefore still fire.
_PG_TRUNCATE_FUNCTIONS = """
CREATE OR REPLACE FUNCTION ptscribe_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ptscribe: % rows are append-only (TRUNCATE refused)', TG_TABLE_NAME;
END $$;
CREATE OR REPLACE FUNCTION ptscribe_refuse_truncate_signed() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM signature) THEN
        RAISE EXCEPTION 'ptscribe: TRUNCATE of % refused: it holds signed revisions',
            TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION ptscribe_audit_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'ptscribe: the audit head cannot be deleted';
    END IF;
    IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION 'ptscribe: the audit head only moves one event forward';
    END IF;
    RETURN NEW;
END $$;
"""
TRUNCATE_GUARDED = ("revision", "finding", "acknowledgement")
TRUNCATE_REFUSED = ("signature", "addendum", "audit_event", "audit_head")


def create_truncate_guards() -> None:
    """Statement-level TRUNCATE triggers (PostgreSQL): the signed record's tables refuse it
    while any signature exists; signatures, addenda and the audit trail always refuse it."""
    if not _postgres():
        return
    op.execute(_PG_TRUNCATE_FUNCTIONS)
    for table in (*TRUNCATE_GUARDED, *TRUNCATE_REFUSED):
        guarded = table in TRUNCATE_GUARDED
        body = "ptscribe_refuse_truncate_signed" if guarded else "ptscribe_refuse_truncate"
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {body}()"
        )


def drop_truncate_guards() -> None:
    if not _postgres():
        return
    for table in (*TRUNCATE_GUARDED, *TRUNCATE_REFUSED):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    for name in ("ptscribe_refuse_truncate", "ptscribe_refuse_truncate_signed"):
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")


def create_head_guard() -> None:
    """The audit head is never deleted and moves only one event forward at a time, so the
    newest events cannot be cut off by resetting it (see services/audit.py)."""
    if _postgres():
        op.execute(
            "CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head "
            "FOR EACH ROW EXECUTE FUNCTION ptscribe_audit_head_forward()"
        )
        return
    op.execute(
        "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
        "BEGIN SELECT RAISE(ABORT, 'ptscribe: the audit head cannot be deleted'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head "
        "WHEN NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 "
        "BEGIN SELECT RAISE(ABORT, 'ptscribe: the audit head only moves one event forward'); END"
    )


def drop_head_guard() -> None:
    if _postgres():
        op.execute("DROP TRIGGER IF EXISTS audit_head_forward ON audit_head")
        op.execute("DROP FUNCTION IF EXISTS ptscribe_audit_head_forward()")
        return
    op.execute("DROP TRIGGER IF EXISTS audit_head_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_head_forward")
