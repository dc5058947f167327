"""Schema migrations of the store (Alembic), the same revisions for SQLite and PostgreSQL.

`Store(url)` runs them itself: `upgrade(engine)` brings the database to the newest
revision before anything else touches it (a new database is created by them, an
older one is upgraded, one at the newest revision costs one query). A database made
before migrations existed (its tables made by `create_all`) is upgraded like any
other: the first revision creates only the tables it lacks.

A table or column added to the code needs a revision (tests/store/test_migrations.py
warns while its module is uncommitted and fails once it is committed without one);
write it from the difference between the code and a database at the newest revision:

    .venv/bin/python -m swapledger.store.migrations revision "add review tables"

then read the new file under versions/ and commit it with the tables. Revisions are
numbered 0001, 0002, ... and each names the one before as its down_revision: if
another revision took your number meanwhile, renumber yours (file name and
`revision`) and chain it on the new head. A table that code used to make itself
(`create_all`) may already exist: create it only where it is missing, as 0001 does.
Check with `python -m swapledger.store.migrations check [URL]`.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import pkgutil
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic is imported where it is used (~0.2 s): opening a store whose schema is at the
# newest revision, as every ingest does, needs none of it (see `upgrade`).

__all__ = [
    "current",
    "differences",
    "downgrade",
    "head",
    "metadata",
    "revision",
    "scripts",
    "sqlite_transactions",
    "upgrade",
]

HERE = Path(__file__).resolve().parent
STORE_PACKAGE = "swapledger.store"
NOT_TABLE_MODULES = frozenset({"migrations", "testing"})
"""Modules of swapledger.store that define no tables (and must not be imported for them)."""

LOCK_KEY = 0x5A4C_0006
"""PostgreSQL advisory lock held while migrating: two processes opening one new
database at once must not both create its tables."""

SQLITE_BEGIN = "swapledger_sqlite_begin"
"""Execution option: the statement that opens a transaction on SQLite (see
sqlite_transactions)."""

_IN_PROCESS = threading.Lock()

VERSION_TABLE = "alembic_version"
"""Where Alembic keeps a database's revision (its default name)."""

FILE_TEMPLATE = "%%(rev)s_%%(slug)s"
"""versions/0002_feeds.py: the number orders the files; '%%' escapes ConfigParser."""


def metadata() -> sa.MetaData:
    """The store's tables, every module of swapledger.store imported so that all of
    them (tables.py, ledger.py, and any module added later) have registered theirs."""
    package = importlib.import_module(STORE_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in NOT_TABLE_MODULES:
            importlib.import_module(f"{STORE_PACKAGE}.{info.name}")
    from swapledger.store import tables

    return tables.metadata


def config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic configuration for this package's revisions (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", FILE_TEMPLATE)
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    """The revision files (versions/)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config())


@functools.cache
def head() -> str:
    """The newest revision."""
    found = scripts().get_heads()
    if len(found) != 1:
        raise RuntimeError(
            f"the store's migrations have {len(found)} heads ({', '.join(found)}): two "
            "revisions name the same parent; renumber the newer one to follow the other"
        )
    return found[0]


def current(conn: Connection) -> str | None:
    """The revision a database is at (None: new, or made before migrations)."""
    from alembic.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the database to the newest revision (or to `target`: a revision, "+1"),
    in one transaction. A database already there costs one read, takes no lock and
    imports no Alembic."""
    if target == "head":
        newest = _newest_file_revision()
        if newest is not None:
            with engine.connect() as conn:
                if _stamped(conn) == newest:
                    return
    from alembic import command

    wanted = head() if target == "head" else target
    if target == "head":
        with engine.connect() as conn:
            if current(conn) == wanted:
                return
    with _migrating(engine) as conn:
        if current(conn) != wanted:  # another process may have migrated meanwhile
            command.upgrade(config(conn), target)


_REVISION = re.compile(r"^revision = ['\"](\w+)['\"]$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision = (?:None|['\"](\w+)['\"])$", re.MULTILINE)


@functools.cache
def _newest_file_revision() -> str | None:
    """`head()` read from the revision files without Alembic: the one revision that no
    other names as its down_revision. None where the files are not one plain chain
    (a merge, two heads, a form this does not read): Alembic decides then."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (HERE / "versions").glob("*.py"):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        revision = _REVISION.findall(text)
        down = _DOWN_REVISION.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _stamped(conn: Connection) -> str | None:
    """The revision in the database's version table, read without Alembic (None: no
    table, or not exactly one revision in it)."""
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def command_error() -> type[Exception]:
    """Alembic's CommandError (a revision this code does not know, ...), imported only
    when something has gone wrong: `except migrations.command_error()` costs nothing
    until then."""
    from alembic.util import CommandError

    return CommandError


def downgrade(engine: Engine, target: str) -> None:
    """Take the database back to revision `target` ("base": before the first; "-1":
    one step back), in one transaction. Tables the undone revisions made are dropped
    with their rows."""
    from alembic import command

    with _migrating(engine) as conn:
        command.downgrade(config(conn), target)


@contextlib.contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other migration of this database runs
    beside: an advisory lock on PostgreSQL, a write lock from the start on SQLite
    (BEGIN IMMEDIATE: a second opener waits instead of failing half-way), and a lock
    in this process (Alembic's context is one per process)."""
    with _IN_PROCESS, engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it; dropping the old copy with foreign
            # keys on would cascade-delete the rows that point at it
            _pragma(conn, "foreign_keys=OFF")
            conn = conn.execution_options(**{SQLITE_BEGIN: "BEGIN IMMEDIATE"})
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(LOCK_KEY)))
                yield conn
        finally:
            if sqlite:
                _pragma(conn, "foreign_keys=ON")


def sqlite_transactions(engine: Engine) -> None:
    """SQLite with real transactions and foreign keys (Store and the migrations
    command set this up on every SQLite engine).

    Python's sqlite3 driver opens a transaction only before DML, so DDL (a migration)
    would commit statement by statement; here the driver opens none and SQLAlchemy
    says BEGIN itself. SQLite enforces foreign keys only when asked, per connection.
    """

    def connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    def begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get(SQLITE_BEGIN, "BEGIN"))

    sa.event.listen(engine, "connect", connect)
    sa.event.listen(engine, "begin", begin)


def _pragma(conn: Connection, setting: str) -> None:
    """Set a SQLite pragma outside any transaction (inside one, SQLite ignores it)."""
    driver: Any = conn.connection.driver_connection
    driver.execute(f"PRAGMA {setting}")


def differences(engine: Engine) -> list[Any]:
    """What the code's tables have that a database at the newest revision lacks, and
    the reverse (Alembic's compare_metadata; an empty list when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, metadata()))


def revision(message: str) -> Path | None:
    """Write the next revision from the difference between the code's tables and a
    fresh database at the newest revision; None when there is no difference."""
    from alembic import command

    with tempfile.TemporaryDirectory() as tmp:
        engine = sa.create_engine(f"sqlite:///{Path(tmp) / 'head.db'}")
        sqlite_transactions(engine)
        try:
            upgrade(engine)
            if not differences(engine):
                return None
            number = len(list(scripts().walk_revisions())) + 1
            with engine.begin() as conn:
                script = command.revision(
                    config(conn), message=message, autogenerate=True, rev_id=f"{number:04d}"
                )
        finally:
            engine.dispose()
    head.cache_clear()
    _newest_file_revision.cache_clear()
    if isinstance(script, list):  # pragma: no cover - one head, one script
        script = script[0]
    return None if script is None else Path(script.path)
