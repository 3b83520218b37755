"""Channels that carry a reminder digest to a person: in-app, e-mail, SMS, Zalo.

Every channel has the same small interface: `name`, `reaches(user) -> bool` (has the user the
address this channel needs?) and `send(user, message) -> None`, raising DeliveryError when the
message did not leave (the job records it and tries again later, up to a limit).

SMS and Zalo go through a backend named in settings (DONG_HANH["REMINDER_SMS_BACKEND"],
["REMINDER_ZALO_BACKEND"]), like Django's e-mail backends. The default backends only log and
keep what they would have sent in `outbox` (tests read it): no network call is made here. A
real gateway is a class with `send_text(phone, text)` (see the note of issue 17 for what a Zalo
OA or an SMS brand-name gateway needs).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

log = logging.getLogger("dong_hanh.reminders")


class DeliveryError(Exception):
    """The message did not leave; the text says why (kept on the delivery row)."""


@dataclass
class Message:
    subject: str
    text: str  # the whole digest, names included: in-app only
    short: str  # counts and a link, for SMS / Zalo
    email: str = ""  # counts and a link, no names
    items: list[dict] = field(default_factory=list)


class InAppChannel:
    """Today's in-app notifications (cases.audit.Notification), one per digest."""

    name = "in_app"

    def reaches(self, user) -> bool:
        return True

    def send(self, user, message: Message) -> None:
        from cases.audit import Notification

        Notification.objects.create(recipient=user, case=None, kind="reminder_digest", message=message.text)


class EmailChannel:
    """Django's e-mail backend (settings.EMAIL_BACKEND), for users with an address."""

    name = "email"

    def reaches(self, user) -> bool:
        return bool(user.email)

    def send(self, user, message: Message) -> None:
        try:
            send_mail(message.subject, message.email or message.short, None, [user.email], fail_silently=False)
        except Exception as exc:  # SMTP errors, refused addresses, timeouts
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


class LogTextBackend:
    """Development and test backend for SMS and Zalo: logs the text and keeps it in `outbox`."""

    outbox: list[tuple[str, str, str]] = []  # (channel, phone, text)

    def __init__(self, channel: str):
        self.channel = channel

    def send_text(self, phone: str, text: str) -> None:
        log.info("%s to %s: %s", self.channel, phone, text)
        LogTextBackend.outbox.append((self.channel, phone, text))


class TextChannel:
    """SMS or Zalo: a short text to the user's phone number through the configured backend."""

    def __init__(self, name: str, backend_setting: str):
        self.name = name
        self.backend_setting = backend_setting

    def backend(self):
        path = settings.DONG_HANH.get(self.backend_setting) or "workflows.channels.LogTextBackend"
        return import_string(path)(self.name)

    def reaches(self, user) -> bool:
        return bool(getattr(user, "phone", ""))

    def send(self, user, message: Message) -> None:
        try:
            self.backend().send_text(user.phone, message.short)
        except DeliveryError:
            raise
        except Exception as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


CHANNELS = {
    "in_app": InAppChannel(),
    "email": EmailChannel(),
    "sms": TextChannel("sms", "REMINDER_SMS_BACKEND"),
    "zalo": TextChannel("zalo", "REMINDER_ZALO_BACKEND"),
}


def enabled_channels() -> list:
    """The channels switched on for the installation (DONG_HANH["REMINDER_CHANNELS"]), in order."""
    return [CHANNELS[name] for name in settings.DONG_HANH["REMINDER_CHANNELS"] if name in CHANNELS]
