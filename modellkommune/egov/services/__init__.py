"""Writes of the egov app (one module per area; everything is importable from here).

Permissions are checked in these functions, not only in views; staff steps land in the audit log."""

from .applications import (
    application_draft_discard,
    application_draft_save,
    application_draft_start,
    application_files_keep,
    application_payment_required,
    application_submit,
    payment_complete,
    payment_start,
    service_form_import_fim,
    service_form_update,
)
from .backoffice import (
    application_assign,
    application_deadline_set,
    application_note_add,
    application_reply,
    application_status_change,
)
from .identity import (
    identity_confirm,
    identity_login,
    identity_signup_confirm,
    identity_signup_payload,
    identity_signup_request,
)
from .mailbox import message_mark_read, message_send
from .prefill import application_fill_from_identity

__all__ = [
    "application_assign",
    "application_deadline_set",
    "application_draft_discard",
    "application_draft_save",
    "application_draft_start",
    "application_files_keep",
    "application_fill_from_identity",
    "application_note_add",
    "application_payment_required",
    "application_reply",
    "application_status_change",
    "application_submit",
    "identity_confirm",
    "identity_login",
    "identity_signup_confirm",
    "identity_signup_payload",
    "identity_signup_request",
    "message_mark_read",
    "message_send",
    "payment_complete",
    "payment_start",
    "service_form_import_fim",
    "service_form_update",
]
