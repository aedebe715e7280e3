"""Database triggers that make the legal record append-only, whoever writes to the database.

The services never update or delete these rows; the triggers make a raw SQL UPDATE or DELETE
fail too. Rows hanging off a revision (its findings and acknowledgements) are frozen once the
revision carries a signature; signatures, addenda and audit events are frozen from the start.
Migrations call `create`/`drop` with the tables they introduce.
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
