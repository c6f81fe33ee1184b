"""What the audit log shows of a 涉密 case to someone who may not see it: never its number or
title. The stored entries are never changed (the chain holds them as written); their text is
masked where it is shown (the pages, the API), for the system administrators who read the log
and do not read case files."""

from django.apps import apps

MASK = "［涉密案件］"


def hidden_texts(user) -> list[str]:
    """The numbers and titles of the 涉密 cases of ``user``'s jurisdiction that ``user`` does
    not see, longest first (a title may contain a number)."""
    cases = apps.get_model("cases", "Case")  # by label: audit sits below cases
    rows = (
        cases.objects.filter(
            confidential=True, department__jurisdiction_id=user.department.jurisdiction_id
        )
        .exclude(pk__in=cases.objects.visible_to(user).values("pk"))
        .values_list("number", "title")
    )
    texts = {text for row in rows for text in row if text}
    return sorted(texts, key=len, reverse=True)


def mask(value, texts: list[str]):
    """``value`` (a text, or the JSON of an entry's before and after) with every hidden text
    masked."""
    if not texts:
        return value
    if isinstance(value, str):
        for text in texts:
            value = value.replace(text, MASK)
        return value
    if isinstance(value, dict):
        return {key: mask(item, texts) for key, item in value.items()}
    if isinstance(value, list):
        return [mask(item, texts) for item in value]
    return value


def for_request(request) -> list[str]:
    """``hidden_texts`` of the person making the request, worked out once per request."""
    if not hasattr(request, "_audit_hidden_texts"):
        request._audit_hidden_texts = hidden_texts(request.user)
    return request._audit_hidden_texts


def masked_entry(entry, texts: list[str]):
    """The entry as shown: its object, message, before and after masked (not saved)."""
    if texts:
        entry.object_repr = mask(entry.object_repr, texts)
        entry.message = mask(entry.message, texts)
        # the JSON as text: a hidden text inside it is a plain substring (ensure_ascii is off)
        entry.before_json = mask(entry.before_json, texts)
        entry.after_json = mask(entry.after_json, texts)
    return entry
