"""The process of "Samarbete för bättre vård", in pure Python.

Nothing here imports botbuilder, SQLAlchemy or aiohttp (checked by tests/unit/test_import_rules.py):
the process must outlive the Bot Framework SDK it is hosted on today.
"""
