from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import member_required
from accounts.roles import roles_of
from platforms.models import Post
from platforms.posts import selectors
from platforms.posts.forms import PostFilterForm, PostForm
from platforms.posts.services import post_log, post_remove, post_restore, post_update

PAGE_SIZE = 25


@member_required
@require_GET
def post_list(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.posts_agency_get_for_user(request.user, slug)
    form = PostFilterForm(request.GET or None, agency=agency)
    account_id, include_removed = None, False
    if form.is_valid():
        account = form.cleaned_data["account"]
        account_id, include_removed = (account.pk if account else None), form.cleaned_data["removed"]
    posts = selectors.post_list(agency=agency, account_id=account_id, include_removed=include_removed)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "posts/post_list.html", {
        "agency": agency, "form": form, "page": page, "rows": selectors.post_rows(list(page)),
        "audiences": selectors.account_audiences(agency=agency), "audience_days": selectors.AUDIENCE_DAYS,
        "can_log": selectors.may_log_posts(roles_of(request.user), agency),
    })


@member_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.posts_agency_get_for_user(request.user, slug, for_change=True)
    initial = {}
    tiktok = selectors.agency_accounts(agency).filter(platform="tiktok", is_active=True).first()
    if tiktok is not None:
        initial["account"] = tiktok.pk
    form = PostForm(request.POST if request.method == "POST" else None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.post_values()
        post_log(actor=request.user, numbers=form.numbers(), **values)
        messages.success(request, _("Post logged."))
        return redirect("posts:list", slug=agency.slug)
    return render(request, "posts/post_form.html", {"agency": agency, "form": form, "post": None})


@member_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = selectors.post_get_for_change(request.user, slug, pk)
    agency = post.account.agency
    latest = post.snapshots.order_by("-taken_on").first()
    initial = {name: getattr(latest, name) for name in PostForm.NUMBERS} if latest else {}
    form = PostForm(request.POST if request.method == "POST" else None, instance=post, agency=agency,
                    initial=initial)
    if request.method == "POST" and form.is_valid():
        # The form wrote its values onto `post` while validating: compare with the stored row.
        stored = Post.objects.select_related("account").get(pk=post.pk)
        post_update(post=stored, actor=request.user, numbers=form.numbers(), **form.post_values())
        messages.success(request, _("Changes saved."))
        return redirect("posts:list", slug=agency.slug)
    return render(request, "posts/post_form.html", {"agency": agency, "form": form, "post": post})


@member_required
@require_POST
def post_remove_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = selectors.post_get_for_change(request.user, slug, pk)
    post_remove(post=post, actor=request.user)
    messages.success(request, _("Post removed: it no longer counts for the agency."))
    return redirect("posts:list", slug=slug)


@member_required
@require_POST
def post_restore_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = selectors.post_get_for_change(request.user, slug, pk)
    post_restore(post=post, actor=request.user)
    messages.success(request, _("Post restored."))
    return redirect("posts:list", slug=slug)
