"""docs/law.md lists every period and threshold the platform applies, with its article and
where its text was checked: a rule added without a line there fails here."""

from pathlib import Path

from liandong.cases.thresholds import SEED as THRESHOLDS
from liandong.deadlines.rules import SEED as RULES

TABLE = (Path(__file__).parents[1] / "docs" / "law.md").read_text(encoding="utf-8")


def test_every_deadline_rule_is_in_the_table():
    missing = [rule.code for rule in RULES if f"`{rule.code}`" not in TABLE]
    assert missing == []


def test_every_threshold_is_in_the_table():
    missing = sorted({t.code for t in THRESHOLDS if f"`{t.code}`" not in TABLE})
    assert missing == []
