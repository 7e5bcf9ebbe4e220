"""Decorators and checks for views. Back-office views need staff with a second factor.

Who may do what in the back office (docs/authorization.md):

* administrators (role ``administrator`` or superuser) see every department;
* staff see and change only what belongs to their own department (``user.department``);
  staff without a department see nothing department-bound;
* tasks that belong to one office rather than to a department (the council office, the programme
  office) are Django permissions given through a group, checked with ``has_perm``.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .constants import Role


def back_office_required(view):
    """Staff or administrators only; anonymous users are sent to the login page.

    The second factor is enforced globally by StaffMfaRequiredMiddleware."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_back_office:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.is_superuser or request.user.role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def user_sees_all_departments(user) -> bool:
    """Administrators work across departments; everybody else only in their own."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and (user.is_superuser or getattr(user, "role", None) == Role.ADMINISTRATOR)
    )


def user_department_id(user) -> int | None:
    """The department a back-office user works for, or None (citizens, staff without department)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_back_office", False)):
        return None
    return getattr(user, "department_id", None)


def user_in_department(user, department_id: int | None) -> bool:
    """May this user handle objects owned by `department_id`? Objects without an owning department
    belong to nobody but the administrators (privacy by default)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_back_office", False)):
        return False
    if user_sees_all_departments(user):
        return True
    return department_id is not None and user_department_id(user) == department_id


def user_has_office_permission(user, perm: str) -> bool:
    """A back-office user holding an office permission (e.g. ``council.manage_proceedings``)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_back_office", False)) and (
        user.has_perm(perm)
    )
