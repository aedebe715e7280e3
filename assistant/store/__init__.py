"""Persistence: SQLModel tables, the engine from settings, migrations and repositories.

Only this package imports sqlmodel, sqlalchemy or alembic; everything above it talks to a
`Database` and the `Tx` repositories, which hand back domain records, never rows.
"""
