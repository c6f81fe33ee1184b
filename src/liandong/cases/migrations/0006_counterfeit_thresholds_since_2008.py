"""The 伪劣产品 thresholds apply since 立案追诉标准（一） (公通字〔2008〕36号, 2008-06-25), not since
2010-05-07 as first seeded: move those rows to their date (post_migrate then refreshes their text,
cases.vocabulary.ensure_seeded). A database that already has a 2008 row keeps both."""

import datetime as dt

from django.db import migrations

FIRST_SEEDED = dt.date(2010, 5, 7)
IN_FORCE = dt.date(2008, 6, 25)


def forwards(apps, schema_editor):
    Threshold = apps.get_model("cases", "Threshold")
    for row in Threshold.objects.filter(
        code__startswith="counterfeit.", effective_from=FIRST_SEEDED
    ):
        if not Threshold.objects.filter(code=row.code, effective_from=IN_FORCE).exists():
            row.effective_from = IN_FORCE
            row.save(update_fields=["effective_from"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_case_facts_for_every_offence")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
