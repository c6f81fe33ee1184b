"""On PostgreSQL, take the chain lock and read the chain's head in one round trip.

Each statement of a VOLATILE PL/pgSQL function takes a fresh snapshot, so the SELECT sees the
entry committed by whoever held the lock before us.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint)
RETURNS TABLE (head_seq bigint, head_hash varchar) AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    RETURN QUERY SELECT e.seq, e.hash FROM audit_entry e ORDER BY e.seq DESC LIMIT 1;
END;
$$ LANGUAGE plpgsql VOLATILE;
"""

DROP = "DROP FUNCTION IF EXISTS audit_chain_head(bigint);"


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
