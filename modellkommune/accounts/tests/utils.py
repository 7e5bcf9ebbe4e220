"""Helpers for tests that need a logged-in staff member with a second factor."""

from modellkommune.accounts.services import user_mfa_setup

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def login_with_mfa(client, user) -> None:
    """Log a staff user in as if they had passed the second factor."""
    user_mfa_setup(user=user, totp_secret=TEST_TOTP_SECRET)
    client.force_login(user)
