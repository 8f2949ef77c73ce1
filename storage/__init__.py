"""Persistence: SQLAlchemy 2 (async) on SQLite or PostgreSQL, Alembic migrations, the unit of work,
and (in storage.bot_state) the botbuilder Storage for dialog state."""
