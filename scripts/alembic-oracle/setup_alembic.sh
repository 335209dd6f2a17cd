#!/bin/sh
# Unpacks an Alembic >= 1.10 and the SQLAlchemy it needs into /tmp/alembic-new
# (or $1) from a local wheelhouse, for oracle.py.  Nothing is downloaded:
# WHEELS (default /opt/pypi/files, present on this project's machines) must
# already hold the wheels.  Debian's python3-alembic is 1.8.1, older than the
# 1.10 change that loads revision files in sorted file-name order, so it is
# not used for the fixtures (see test/fixtures/alembic-graphs/README.md).
set -eu
DEST=${1:-/tmp/alembic-new}
WHEELS=${WHEELS:-/opt/pypi/files}
PY=/usr/bin/python3
pick() {  # newest wheel whose name starts with $1
    ls "$WHEELS" | grep -i "^$1-" | sort -V | tail -n 1
}
ALEMBIC=${ALEMBIC_WHEEL:-$(pick alembic)}
SQLA=${SQLALCHEMY_WHEEL:-$(ls "$WHEELS" | grep -i '^sqlalchemy-2\.0\..*cp311' | sort -V | tail -n 1)}
TE=${TYPING_EXTENSIONS_WHEEL:-$(pick typing_extensions)}
mkdir -p "$DEST"
for w in "$ALEMBIC" "$SQLA" "$TE"; do
    [ -n "$w" ] || { echo "missing wheel in $WHEELS" >&2; exit 1; }
    "$PY" -m zipfile -e "$WHEELS/$w" "$DEST"
done
PYTHONPATH="$DEST" "$PY" -c 'import alembic, sqlalchemy; print("alembic", alembic.__version__, "sqlalchemy", sqlalchemy.__version__)'
