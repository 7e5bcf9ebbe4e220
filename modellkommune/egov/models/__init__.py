from .application import Application, ApplicationFile, ApplicationNote, ReferenceCounter, StatusChange
from .catalogue import LifeSituation, Service
from .mailbox import Message
from .person import IdentityVerification, Payment

__all__ = [
    "Application",
    "ApplicationFile",
    "ApplicationNote",
    "IdentityVerification",
    "LifeSituation",
    "Message",
    "Payment",
    "ReferenceCounter",
    "Service",
    "StatusChange",
]
