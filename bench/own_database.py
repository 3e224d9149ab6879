"""Set-up shared by the bench scripts that run the project's settings in their own process on
their own database: a SQLite file in bench/out made afresh on each run, or DATABASE_URL.

A script puts the project root on ``sys.path``, calls ``environment`` before anything imports
Django, and ``setup`` once it is ready to run.
"""

from __future__ import annotations

import os
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def environment(file_name: str) -> Path:
    """The process environment for ``config.settings`` on ``bench/out/<file_name>`` (unless
    DATABASE_URL is set) with the database task backend; returns that file's path."""
    db = OUT / file_name
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DRIEHOEK_TASKS_BACKEND"] = "database"
    return db


def setup(db: Path, *migrate_args: str) -> None:
    """Django set up and migrated (``migrate *migrate_args``); the script's own SQLite file
    ``db`` is removed first, so each run starts empty. A DATABASE_URL is used as it is."""
    OUT.mkdir(exist_ok=True)
    if os.environ["DATABASE_URL"] == f"sqlite:///{db}":  # our own file: made afresh
        for path in OUT.glob(f"{db.name}*"):
            path.unlink()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", *migrate_args, verbosity=0)
