"""The public site (no login): the list of published typical cases and penalty announcements,
each item's page, and the Atom feed.

Only the frozen published text is read (title, body, kind, the department's name, the date and
the item's public identifier); anything else of a publication or its case never reaches these
pages. A draft, a submitted or a withdrawn item answers 404 as if it did not exist.

Caching: a page may be kept for a minute by the browser and by shared caches, so a withdrawal
reaches every reader within a minute; a visitor who is signed in to the staff site (a session
cookie) gets ``private`` responses, since the session middleware may set a cookie on them."""

import functools

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import patch_cache_control

from liandong.publicity.models import Kind, Publication
from liandong.publicity.templatetags.publicity import paragraphs

PAGE_SIZE = 15
FEED_SIZE = 50
MAX_AGE = 60
SHOWN = ("public_id", "kind", "published_title", "published_department_name", "published_at")


def _published():
    return Publication.objects.public().only(*SHOWN)


def _cached(view):
    @functools.wraps(view)
    def cached(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            patch_cache_control(response, no_cache=True)
        elif settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, max_age=0)
        else:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return cached


def _not_found(request):
    return render(request, "publicity/public/404.html", {"kinds": Kind.choices}, status=404)


@_cached
def item_list(request):
    kind = request.GET.get("kind", "")
    rows = _published()
    if kind in Kind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "publicity/public/list.html",
        {
            "page": page,
            "section": "list",
            "kind": kind,
            "kinds": Kind.choices,
            "query": f"kind={kind}&" if kind else "",
        },
    )


@_cached
def item_detail(request, public_id):
    item = (
        Publication.objects.public()
        .only(*SHOWN, "published_body")
        .filter(public_id=public_id)
        .first()
    )
    if item is None:
        return _not_found(request)
    return render(request, "publicity/public/item.html", {"item": item, "kinds": Kind.choices})


class PublicationFeed(Feed):
    """The Atom feed of the newest published items; a withdrawn item leaves it."""

    feed_type = Atom1Feed
    title = gettext_lazy("政府采购领域执法信息公开")
    subtitle = gettext_lazy("典型案例和行政处罚公告")

    def link(self):
        return reverse("public:list")

    def feed_url(self):
        return reverse("public:feed")

    def items(self):
        return _published().only(*SHOWN, "published_body")[:FEED_SIZE]

    def item_title(self, item):
        return item.published_title

    def item_description(self, item):
        return paragraphs(item.published_body)

    def item_link(self, item):
        return reverse("public:item", args=[item.public_id])

    def item_guid(self, item):
        return f"urn:uuid:{item.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.published_department_name

    def item_categories(self, item):
        return [item.get_kind_display()]


feed = _cached(PublicationFeed())
