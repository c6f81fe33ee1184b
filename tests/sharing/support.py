"""Bulletins the sharing tests share, made through the actions."""

from liandong.sharing import actions

PROBLEM = {
    "category": "problem",
    "title": "行政处罚信用信息报送不及时的问题反映",
    "body": "部分政府采购行政处罚决定未在7个工作日内报送信用平台，请各单位指定专人报送。",
}

# Who a bulletin to all members reaches when DRC publishes it: every active head, officer and
# viewer of the other four member departments (never an administrator, never DRC itself).
EVERYONE_BUT_DRC = {
    "fin_head",
    "fin_liaison",
    "fin_officer",
    "fin_officer2",
    "fin_viewer",
    "psb_liaison",
    "psb_officer",
    "aud_liaison",
    "samr_liaison",
}


def publish(cast, who="drc_liaison", **overrides):
    data = {**PROBLEM, "to_all": True, "acting_user": cast.people[who]}
    data.update(overrides)
    return actions.publish(**data)


def to(cast, *departments, who="drc_liaison", **overrides):
    """A bulletin to the chosen departments (cast keys, e.g. "psb")."""
    return publish(
        cast,
        who=who,
        to_all=False,
        audience=[cast.departments[d] for d in departments],
        **overrides,
    )
