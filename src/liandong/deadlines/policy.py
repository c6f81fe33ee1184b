from liandong.core.policy import rule


@rule("deadlines.calendar.manage")
def manage_calendar(user, _obj) -> bool:
    return user.role == "admin"


@rule("deadlines.rule.manage")
def manage_rules(user, _obj) -> bool:
    return user.role == "admin"


@rule("deadlines.deadline.view")
def view_deadline(user, deadline) -> bool:
    return deadline is not None and deadline.department_id == user.department_id


@rule("deadlines.deadline.manage")
def manage_deadline(user, deadline) -> bool:
    """Pause, resume, meet or cancel: the responsible department's heads and officers."""
    return (
        deadline is not None
        and deadline.department_id == user.department_id
        and user.role in ("head", "officer")
    )
