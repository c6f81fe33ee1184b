"""Indexes of the case list and its search (issue 4).

The list reads one department's cases newest first, with or without the state filter: two
B-tree indexes in that order. On PostgreSQL the search (a substring of the number, title, facts,
procurement, or a party's name, any case) uses pg_trgm GIN indexes on the very expressions the
query compares: `upper(<the searched fields, a line each>)` (cases.queries.SearchText) and
`upper(name)` of parties. SQLite has no such index and keeps scanning the department's cases.
"""

from django.db import migrations, models

# cases.queries.SEARCHED_FIELDS joined as cases.queries.SearchText joins them.
SEARCH_TEXT = " || '\n' || ".join(
    ["number", "title", "summary", "project_number", "project_name", "purchaser", "agency"]
)
TRIGRAM_INDEXES = {
    "case_search_trgm": f"cases_case USING gin (upper(({SEARCH_TEXT})) gin_trgm_ops)",
    "party_name_trgm": "cases_party USING gin (upper(name::text) gin_trgm_ops)",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="cases_case_departm_abe1bc_idx"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["department", "state", "-created_at", "-id"], name="case_list_by_state"
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["department", "-created_at", "-id"], name="case_list"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
