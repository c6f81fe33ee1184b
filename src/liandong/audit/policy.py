from liandong.core.policy import rule


@rule("audit.entry.view")
def view_audit_log(user, _obj) -> bool:
    return user.role == "admin"


@rule("audit.chain.verify")
def verify_chain(user, _obj) -> bool:
    return user.role == "admin"
