"""Reads about users and their rights."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from .constants import Role
from .models import User


def user_has_mfa(*, user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_needs_mfa(*, user) -> bool:
    """Staff and administrators must have a second factor before they reach the back office."""
    return bool(user.is_authenticated and (user.is_staff or user.is_back_office))


def staff_of_department(*, department_id: int) -> QuerySet[User]:
    return User.objects.filter(role__in=[Role.STAFF, Role.ADMINISTRATOR], department_id=department_id, is_active=True)


def user_list_by_role(*, role: str) -> QuerySet[User]:
    return User.objects.filter(role=role, is_active=True).order_by("last_name", "first_name")
