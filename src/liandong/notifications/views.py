from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.notifications import actions
from liandong.notifications.models import Notification, Preference

PAGE_SIZE = 30


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label=gettext_lazy("同时发送电子邮件"), required=False)


@login_required
def inbox(request):
    notifications = Notification.objects.visible_to(request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        notifications = notifications.unread()
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    preference = Preference.objects.filter(user=request.user).first()
    return render(
        request,
        "notifications/inbox.html",
        {
            "title": _("消息"),
            "page": page,
            "only_unread": only_unread,
            "form": PreferenceForm(initial={"email": preference.email if preference else True}),
            "has_email": bool(request.user.email),
        },
    )


@login_required
@require_POST
def read(request, pk: int):
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    actions.mark_read(notification, acting_user=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    count = actions.mark_all_read(acting_user=request.user)
    messages.success(request, _("已将 %(n)d 条消息标为已读。") % {"n": count})
    return redirect("notifications:inbox")


@login_required
@require_POST
def preference(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        actions.set_preference(
            request.user, email=form.cleaned_data["email"], acting_user=request.user
        )
        messages.success(request, _("通知设置已保存。"))
    return redirect("notifications:inbox")
