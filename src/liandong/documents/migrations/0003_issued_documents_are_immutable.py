"""The database itself refuses to change an issued document (and, on PostgreSQL, to delete one).

SQLite gets no DELETE trigger: the test runner empties its tables with DELETE between
transactional tests (PostgreSQL's TRUNCATE fires no row trigger). The model refuses delete()
on every database.
"""

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION documents_issueddocument_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'issued documents are immutable: % refused on documents_issueddocument', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS documents_issueddocument_immutable ON documents_issueddocument;
CREATE TRIGGER documents_issueddocument_immutable
    BEFORE UPDATE OR DELETE ON documents_issueddocument
    FOR EACH ROW EXECUTE FUNCTION documents_issueddocument_immutable();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS documents_issueddocument_immutable ON documents_issueddocument;
DROP FUNCTION IF EXISTS documents_issueddocument_immutable();
"""
SQLITE = """
CREATE TRIGGER IF NOT EXISTS documents_issueddocument_immutable
    BEFORE UPDATE ON documents_issueddocument
BEGIN
    SELECT RAISE(ABORT, 'issued documents are immutable: UPDATE refused on documents_issueddocument');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS documents_issueddocument_immutable;"


def _run(postgresql: str, sqlite: str):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(postgresql, params=None)
        elif vendor == "sqlite":
            schema_editor.execute(sqlite, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_issued_document")]
    operations = [
        migrations.RunPython(_run(POSTGRESQL, SQLITE), _run(POSTGRESQL_DROP, SQLITE_DROP))
    ]
