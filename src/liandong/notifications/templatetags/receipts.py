from django import template

from liandong.notifications import receipts

register = template.Library()


@register.inclusion_tag("notifications/_receipts.html")
def receipts_for(obj):
    """Who ``obj`` was delivered to and who has read it (``{% receipts_for bulletin %}``)."""
    lines = receipts.status(obj)
    return {
        "lines": lines,
        "read": sum(1 for line in lines if line.read_at),
        "total": len(lines),
    }
