# Sourced by run-compat and run-hardening: a fresh database in a running scripts/pgcluster cluster.
#   testdb_create PGDIR PREFIX   sets TESTDB_URL (postgres://USER:PASS@HOST:PORT/DB) and TESTDB_NAME
#   testdb_drop                  drops it again (idempotent; call from an EXIT trap)
TESTDB_NAME=""
TESTDB_URL=""
_testdb_conn=()
_testdb_psql=psql

_testdb_admin() {
  env -u PGCLUSTER PGPASSWORD="${_testdb_conn[0]}" "$_testdb_psql" -h "${_testdb_conn[1]}" -p "${_testdb_conn[2]}" \
    -U "${_testdb_conn[3]}" -d postgres -qAt -v ON_ERROR_STOP=1 "$@"
}

testdb_create() {
  local pgdir=$1 prefix=$2 checkout pgurl
  checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
  pgurl=$("$checkout/scripts/pgcluster" url "$pgdir") || { echo "no running PostgreSQL cluster in $pgdir" >&2; return 1; }
  local re='^postgres://([^:]+):([^@]+)@([^:/]+):([0-9]+)/(.+)$'
  [[ $pgurl =~ $re ]] || { echo "unexpected database URL from pgcluster" >&2; return 1; }
  local user=${BASH_REMATCH[1]} pass=${BASH_REMATCH[2]} host=${BASH_REMATCH[3]} port=${BASH_REMATCH[4]}
  # The server's own psql: Debian's /usr/bin/psql wrapper misreads PGCLUSTER, which ./dev exports.
  local pgbin
  pgbin=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)}
  _testdb_psql="$pgbin/psql"; [ -x "$_testdb_psql" ] || _testdb_psql=psql
  _testdb_conn=("$pass" "$host" "$port" "$user")
  TESTDB_NAME="${prefix}_$(date +%s)_$$_$RANDOM"
  _testdb_admin -c "CREATE DATABASE \"$TESTDB_NAME\"" >/dev/null || { TESTDB_NAME=""; return 1; }
  TESTDB_URL="postgres://$user:$pass@$host:$port/$TESTDB_NAME"
}

testdb_drop() {
  [ -n "$TESTDB_NAME" ] || return 0
  _testdb_admin -c "DROP DATABASE IF EXISTS \"$TESTDB_NAME\" WITH (FORCE)" >/dev/null 2>&1 \
    || echo "could not drop database $TESTDB_NAME" >&2
  TESTDB_NAME=""
}
