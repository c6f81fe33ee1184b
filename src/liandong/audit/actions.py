from django.db import transaction

from liandong.audit import log
from liandong.audit.tasks import verify_chain
from liandong.core import policy
from liandong.core.actions import action


@action("audit.chain.request_verification")
def request_verification(*, acting_user) -> None:
    """Queue a full verification of the chain; the worker appends the result."""
    policy.require(acting_user, "audit.chain.verify")
    log.record("audit.chain.request_verification", actor=acting_user)
    transaction.on_commit(lambda: verify_chain.enqueue(acting_user.pk))
