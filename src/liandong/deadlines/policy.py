from liandong.core.policy import rule


@rule("deadlines.calendar.manage")
def manage_calendar(user, _obj) -> bool:
    return user.role == "admin"


@rule("deadlines.rule.manage")
def manage_rules(user, _obj) -> bool:
    return user.role == "admin"


@rule("deadlines.deadline.view")
def view_deadline(user, deadline) -> bool:
    from liandong.deadlines.models import Deadline

    return (
        deadline is not None and Deadline.objects.visible_to(user).filter(pk=deadline.pk).exists()
    )


@rule("deadlines.deadline.manage")
def manage_deadline(user, deadline) -> bool:
    """Pause, resume, meet or cancel: the responsible department's heads and officers who see
    what it names (a 涉密 case: its head and assigned officers)."""
    from liandong.deadlines.models import Deadline

    return (
        deadline is not None
        and Deadline.objects.actionable_by(user).filter(pk=deadline.pk).exists()
    )
