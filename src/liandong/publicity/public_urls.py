"""The public site (no login): published typical cases and penalty announcements, and the feed."""

from django.urls import path

from liandong.publicity import public

app_name = "public"
urlpatterns = [
    path("", public.item_list, name="list"),
    path("feed/", public.feed, name="feed"),
    path("<uuid:public_id>/", public.item_detail, name="item"),
]
