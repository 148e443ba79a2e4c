"""On PostgreSQL the history and the chained logs refuse UPDATE and DELETE.

A trigger on every simple-history table (and its many-to-many tables), on the
chain's links and on the chained logs raises on any UPDATE or DELETE, whoever
sends it; rows are only ever added. Emptying a whole table (TRUNCATE, as the
test database is reset) is not a row change and stays possible for the owner.
On SQLite nothing is installed: there the chain alone shows a change.
"""

from django.db import connections

FUNCTION = """
CREATE OR REPLACE FUNCTION casework_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are never changed or removed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
TRIGGER = (
    'CREATE OR REPLACE TRIGGER casework_append_only BEFORE UPDATE OR DELETE ON "{}" '
    "FOR EACH ROW EXECUTE FUNCTION casework_refuse_change()"
)
DROP = 'DROP TRIGGER IF EXISTS casework_append_only ON "{}"'
LOGS = (
    ("audit", "HistoryLink"),
    ("audit", "ConfidentialRead"),
    ("audit", "AccessGrant"),
    ("audit", "Snapshot"),
    ("audit", "ChainDecision"),
)


def _is_history(model) -> bool:
    names = {f.name for f in model._meta.get_fields()}
    return {"history_id", "history_user", "history_date"} <= names or (
        "m2m_history_id" in names
    )


def tables(apps) -> list[str]:
    """The append-only tables of the models in ``apps``."""
    found = [m._meta.db_table for m in apps.get_models() if _is_history(m)]
    found += [apps.get_model(*name)._meta.db_table for name in LOGS]
    return sorted(set(found))


def install(apps, connection) -> int:
    if connection.vendor != "postgresql":
        return 0
    names = tables(apps)
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        for table in names:
            cursor.execute(TRIGGER.format(table))
    return len(names)


def remove(apps, connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables(apps):
            cursor.execute(DROP.format(table))


def on_post_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    """Tables of history models added by later migrations get the trigger too."""
    if apps is not None and app_config is not None and app_config.label == "audit":
        install(apps, connections[using])


# R68: the sub-records of minutes (who took part, ballots, signatures,
# statements) are never deleted, whoever sends the DELETE. A clause of a
# statement still being drafted is the party's working material and may go.
KEPT = (
    ("meetings", "Participant"),
    ("meetings", "ItemParticipation"),
    ("meetings", "AttendanceChange"),
    ("meetings", "AgendaItem"),
    ("meetings", "Motion"),
    ("meetings", "Vote"),
    ("meetings", "Ballot"),
    ("meetings", "Minutes"),
    ("meetings", "MinutesApproval"),
    ("meetings", "MinutesVersion"),
    ("meetings", "Statement"),
    ("meetings", "StatementSignatory"),
    ("meetings", "ItemExecution"),
)
KEEP_CLAUSE = """
CREATE OR REPLACE FUNCTION casework_keep_handed_in_clause() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM "{statements}"
        WHERE id = OLD.statement_id AND state NOT IN ('announced', 'draft')
    ) THEN
        RAISE EXCEPTION 'clauses of a handed-in statement are never removed'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$
"""
KEEP = (
    'CREATE OR REPLACE TRIGGER casework_kept BEFORE DELETE ON "{}" '
    "FOR EACH ROW EXECUTE FUNCTION {}()"
)
DROP_KEEP = 'DROP TRIGGER IF EXISTS casework_kept ON "{}"'


def _kept_tables(apps) -> list[tuple[str, str]]:
    """Each kept table with the function its trigger runs."""
    found = [
        (apps.get_model(*name)._meta.db_table, "casework_refuse_change")
        for name in KEPT
    ]
    vote = apps.get_model("meetings", "Vote")
    found.append((vote.motions.through._meta.db_table, "casework_refuse_change"))
    clause = apps.get_model("meetings", "StatementClause")._meta.db_table
    return [*found, (clause, "casework_keep_handed_in_clause")]


def install_kept(apps, connection) -> None:
    if connection.vendor != "postgresql":
        return
    statements = apps.get_model("meetings", "Statement")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION)
        cursor.execute(KEEP_CLAUSE.format(statements=statements))
        for table, function in _kept_tables(apps):
            cursor.execute(KEEP.format(table, function))


def remove_kept(apps, connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table, _function in _kept_tables(apps):
            cursor.execute(DROP_KEEP.format(table))
