from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up on the public site always makes a citizen account; other roles are given by staff."""

    def save_user(self, request, user, form, commit=True):
        from .constants import Role

        user = super().save_user(request, user, form, commit=False)
        user.role = Role.CITIZEN
        user.is_staff = False
        if not user.username:
            user.username = user.email.lower()
        if commit:
            user.save()
        return user
