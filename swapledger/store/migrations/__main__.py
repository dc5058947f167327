"""python -m swapledger.store.migrations: write a revision, upgrade a database, check one.

python -m swapledger.store.migrations revision "add review tables"
python -m swapledger.store.migrations upgrade postgresql+psycopg://ledger@dbhost/ledger
python -m swapledger.store.migrations check [URL]
"""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from swapledger.store import migrations


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run one command; 0 on success."""
    parser = argparse.ArgumentParser(prog="python -m swapledger.store.migrations")
    sub = parser.add_subparsers(dest="command", required=True)
    rev = sub.add_parser("revision", help="write the next revision from the code's tables")
    rev.add_argument("message", help="what the revision does, e.g. 'add review tables'")
    up = sub.add_parser("upgrade", help="bring a database to the newest revision")
    up.add_argument("url")
    check = sub.add_parser(
        "check", help="list what the code's tables and the revisions disagree on"
    )
    check.add_argument("url", nargs="?", default="sqlite://")
    args = parser.parse_args(argv)

    if args.command == "revision":
        path = migrations.revision(args.message)
        print(
            f"wrote {path}" if path else "no change: the revisions already make the code's tables"
        )
        return 0
    engine = sa.create_engine(args.url)
    if engine.dialect.name == "sqlite":
        migrations.sqlite_transactions(engine)
    try:
        migrations.upgrade(engine)
        if args.command == "upgrade":
            print(f"at revision {migrations.head()}")
            return 0
        diffs = migrations.differences(engine)
        for diff in diffs:
            print(diff)
        return 1 if diffs else 0
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
