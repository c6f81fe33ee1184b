"""One's own account: details, password, API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.core.forms import apply_errors
from liandong.organizations import actions
from liandong.organizations.forms import TokenForm
from liandong.organizations.models import ApiToken


@login_required
def account(request, token_form=None, new_token=None):
    return render(
        request,
        "organizations/account.html",
        {
            "title": _("我的账户"),
            "person": request.user,
            "tokens": ApiToken.objects.visible_to(request.user),
            "token_form": token_form or TokenForm(),
            "new_token": new_token,
        },
    )


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, plaintext = actions.create_api_token(
                request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # Shown once, on this response only; only its digest is kept.
            return account(request, new_token=plaintext)
    return account(request, token_form=form)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    actions.revoke_api_token(token, acting_user=request.user)
    messages.success(request, _("令牌“%(name)s”已吊销。") % {"name": token.name})
    return redirect("organizations:account")
