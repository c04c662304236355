from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from accounts.roles import Roles, roles_of

View = Callable[..., HttpResponse]


def portal_view(
    *, allow: Callable[[Roles], bool] = lambda r: r.has_any,
    forbid: Callable[[Roles], bool] | None = None,
) -> Callable[[View], View]:
    """Gate for a page: anonymous users go to sign-in; people without any role that lets
    them near the page get 404 (the page's existence is not confirmed to outsiders); people
    who may see but not do (`forbid`) get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            roles = roles_of(request.user)
            if not roles.has_any:
                raise Http404
            if not allow(roles):
                if forbid is not None and forbid(roles):
                    raise PermissionDenied
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


member_required = portal_view()
registrar_required = portal_view(allow=lambda r: r.registrar, forbid=lambda r: r.has_any)
