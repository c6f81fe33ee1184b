"""Worker side of parallel chain verification.

Kept free of Django imports at module level: a spawned process imports this module before
Django is set up, then ``verify_range`` sets it up and checks its part of the chain.
"""


def verify_range(first: int, last: int):
    import django

    django.setup()
    from liandong.audit import log

    return log.verify_range(first, last)
