"""Reminders that reach people: once a day, per user, what is due, sent as one digest on the
channels the installation uses (workflows.channels).

What is due (`due_items`):
- a mentor: each open case whose contact is due by the category's cadence or by the date
  planned at the last visit (mentors.selectors.my_cases, the same rule as the cards);
- anyone with a quarterly review to draft or to decide (the task inbox, deputies included);
- a labour officer: the office's new referrals to take in and the follow-ups falling due within
  DONG_HANH["REMINDER_FOLLOW_UP_LEAD_DAYS"] days (support.selectors).

`send_reminders(day=...)` is idempotent per user per day: the first run stores the day's digest
(ReminderDigest, unique on user+day) and one delivery row per channel; a rerun creates no
second digest and sends only what failed before, up to DONG_HANH["REMINDER_MAX_ATTEMPTS"].
A delivery is claimed by a conditional UPDATE before it is sent, so two runs at once never
send the same one twice. E-mail, SMS and Zalo carry counts and a link only, never a person's
name: a name on a phone's lock screen or in a mailbox says that person is under management.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role, User
from workflows.channels import DeliveryError, Message, enabled_channels
from workflows.models import DeliveryStatus, ReminderDelivery, ReminderDigest

REMINDED_ROLES = (Role.MENTOR, Role.COMMITTEE_HEAD, Role.COMMUNE_FRONT, Role.LABOUR_OFFICER)


class Kind:
    VISIT_DUE = "visit_due"
    REVIEW_DRAFT = "review_draft"
    REVIEW_DECIDE = "review_decide"
    REFERRAL_TRIAGE = "referral_triage"
    FOLLOW_UP_DUE = "follow_up_due"


@dataclass
class DueItem:
    kind: str
    title: str
    url: str
    due_on: str = ""  # dd/mm/yyyy, or empty
    overdue: bool = False


@dataclass
class RunResult:
    day: dt.date
    users: int = 0
    digests: int = 0
    sent: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    held: int = 0  # deliveries waiting for the end of the quiet hours


# --- what is due ----------------------------------------------------------------------------


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _visits_due(user, today: dt.date) -> list[DueItem]:
    from mentors.selectors import mentor_profile, my_cases

    if mentor_profile(user) is None:
        return []
    out = []
    for card in my_cases(user):
        due = card.due_on
        if not card.needs_contact and (due is None or due > today):
            continue
        name = card.case.subject.full_name
        title = _("Cần tiếp xúc: %(name)s") % {"name": name} if card.last_contact else _("Chưa tiếp xúc: %(name)s") % {"name": name}
        out.append(DueItem(Kind.VISIT_DUE, title, reverse("mentors:visit_log", args=[card.case.pk]), _fmt(due), bool(due and due < today)))
    return out


def _review_tasks(user, today: dt.date) -> list[DueItem]:
    from workflows.inbox import inbox_entries
    from workflows.review_flow import QuarterlyReviewFlow

    out = []
    for entry in inbox_entries(user):
        task = entry.task
        if task is None or task.flow_task not in (QuarterlyReviewFlow.draft, QuarterlyReviewFlow.decide):
            continue
        kind = Kind.REVIEW_DRAFT if task.flow_task == QuarterlyReviewFlow.draft else Kind.REVIEW_DECIDE
        title = entry.info.title + (f" · {entry.info.subtitle}" if entry.info.subtitle else "")
        due = entry.info.due_on
        out.append(DueItem(kind, title, entry.info.url or reverse("workflows:inbox"), _fmt(due), bool(due and due < today)))
    return out


def _referral_work(user, today: dt.date) -> list[DueItem]:
    from support.models import ReferralStatus
    from support.selectors import office_open_referrals, referral_next_step

    horizon = today + dt.timedelta(days=int(settings.DONG_HANH["REMINDER_FOLLOW_UP_LEAD_DAYS"]))
    out = []
    for referral in office_open_referrals(user).select_related("case__subject"):
        step, due = referral_next_step(referral)
        url = reverse("support:detail", args=[referral.pk])
        title = f"{step}: {referral.get_type_display()} · {referral.case.subject.full_name}"
        if referral.status == ReferralStatus.SENT:
            out.append(DueItem(Kind.REFERRAL_TRIAGE, title, url))
        elif due is not None and due <= horizon:
            out.append(DueItem(Kind.FOLLOW_UP_DUE, title, url, _fmt(due), due < today))
    return out


def due_items(user, *, today: dt.date | None = None) -> list[DueItem]:
    """Everything the user should act on today, overdue first."""
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        items = _review_tasks(user, today) + _visits_due(user, today) + _referral_work(user, today)
    items.sort(key=lambda i: (not i.overdue, i.kind))
    return items


def reminded_users():
    return (
        User.objects.filter(is_active=True, is_system=False, memberships__is_active=True, memberships__role__in=REMINDED_ROLES)
        .distinct()
        .order_by("pk")
    )


# --- the digest ------------------------------------------------------------------------------


SUMMARY = {
    Kind.VISIT_DUE: lambda n: ngettext("%(n)d người cần tiếp xúc", "%(n)d người cần tiếp xúc", n) % {"n": n},
    Kind.REVIEW_DRAFT: lambda n: ngettext("%(n)d đánh giá quý cần soạn", "%(n)d đánh giá quý cần soạn", n) % {"n": n},
    Kind.REVIEW_DECIDE: lambda n: ngettext("%(n)d đánh giá quý chờ duyệt", "%(n)d đánh giá quý chờ duyệt", n) % {"n": n},
    Kind.REFERRAL_TRIAGE: lambda n: ngettext("%(n)d đề nghị hỗ trợ mới", "%(n)d đề nghị hỗ trợ mới", n) % {"n": n},
    Kind.FOLLOW_UP_DUE: lambda n: ngettext("%(n)d lần theo dõi sau hỗ trợ đến hạn", "%(n)d lần theo dõi sau hỗ trợ đến hạn", n) % {"n": n},
}


def build_message(digest: ReminderDigest) -> Message:
    """The digest as text: in full (names and links) for the in-app notification; the e-mail
    and the SMS/Zalo text say how many of each and link to the inbox, without names."""
    items = digest.items
    with translation.override(settings.LANGUAGE_CODE):
        counts = Counter(i["kind"] for i in items)
        summary = "; ".join(SUMMARY[k](n) for k, n in counts.items() if k in SUMMARY)
        day = _fmt(digest.day)
        lines = [_("Việc cần làm ngày %(day)s:") % {"day": day}]
        for i in items:
            extra = ""
            if i.get("due_on"):
                extra = " (" + (_("quá hạn %(d)s") if i.get("overdue") else _("hạn %(d)s")) % {"d": i["due_on"]} + ")"
            lines.append(f"• {i['title']}{extra}")
        site = settings.DONG_HANH.get("SITE_URL", "").rstrip("/")
        link = site + reverse("workflows:inbox")
        subject = _("Đồng Hành: việc cần làm ngày %(day)s") % {"day": day}
        email = "\n".join(
            [
                _("Xin chào %(name)s,") % {"name": digest.user.display_name},
                "",
                _("Hôm nay (%(day)s) bạn có: %(summary)s.") % {"day": day, "summary": summary},
                _("Mở Đồng Hành để xem và thực hiện: %(link)s") % {"link": link},
                "",
                _("Thư này được gửi tự động mỗi ngày có việc đến hạn; tên người được giúp đỡ chỉ hiện trong ứng dụng."),
            ]
        )
        short = _("Đồng Hành %(day)s: %(summary)s. %(link)s") % {"day": day, "summary": summary, "link": link}
    return Message(subject=subject, text="\n".join(lines), short=short, email=email, items=items)


def in_quiet_hours(now: dt.datetime | None = None) -> bool:
    spec = str(settings.DONG_HANH.get("REMINDER_QUIET_HOURS") or "").strip()
    if not spec:
        return False
    start, _sep, end = spec.partition("-")
    hour = timezone.localtime(now or timezone.now()).hour
    start_h, end_h = int(start), int(end)
    if start_h == end_h:
        return False
    return start_h <= hour or hour < end_h if start_h > end_h else start_h <= hour < end_h


def _digest_for(user, day: dt.date) -> tuple[ReminderDigest | None, bool]:
    digest = ReminderDigest.objects.filter(user=user, day=day).first()
    if digest is not None:
        return digest, False
    items = due_items(user, today=day)
    if not items:
        return None, False
    channels = [c.name for c in enabled_channels() if c.reaches(user)]
    try:
        with transaction.atomic():
            digest = ReminderDigest.objects.create(user=user, day=day, items=[asdict(i) for i in items])
            ReminderDelivery.objects.bulk_create([ReminderDelivery(digest=digest, channel=name) for name in channels])
    except IntegrityError:  # another run made it first: theirs is the day's digest
        return ReminderDigest.objects.get(user=user, day=day), False
    return digest, True


def _deliver(digest: ReminderDigest, result: RunResult, *, quiet: bool) -> None:
    from workflows.channels import CHANNELS

    limit = int(settings.DONG_HANH["REMINDER_MAX_ATTEMPTS"])
    message = None
    pending = digest.deliveries.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], attempts__lt=limit)
    for delivery in pending.order_by("pk"):
        channel = CHANNELS.get(delivery.channel)
        if channel is None:
            continue
        if quiet and channel.name != "in_app":
            result.held += 1
            continue
        # Claim it: only the run whose UPDATE matched sends it.
        claimed = ReminderDelivery.objects.filter(pk=delivery.pk, status=delivery.status, attempts=delivery.attempts).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1
        )
        if not claimed:
            continue
        message = message or build_message(digest)
        attempts = delivery.attempts + 1
        try:
            if channel.name == "in_app":
                # the notification and the "sent" mark commit together: never two notifications
                with transaction.atomic():
                    channel.send(digest.user, message)
                    ReminderDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
            else:
                channel.send(digest.user, message)
                ReminderDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now())
        except DeliveryError as exc:
            status = DeliveryStatus.GAVE_UP if attempts >= limit else DeliveryStatus.FAILED
            ReminderDelivery.objects.filter(pk=delivery.pk).update(status=status, last_error=str(exc)[:2000])
            result.failed[channel.name] += 1
        else:
            result.sent[channel.name] += 1


def send_reminders(*, day: dt.date | None = None, now: dt.datetime | None = None, users=None) -> RunResult:
    """The daily job (manage.py send_reminders, Celery task workflows.send_reminders)."""
    day = day or timezone.localdate()
    result = RunResult(day=day)
    quiet = in_quiet_hours(now)
    for user in users if users is not None else reminded_users():
        result.users += 1
        digest, created = _digest_for(user, day)
        if digest is None:
            continue
        result.digests += int(created)
        _deliver(digest, result, quiet=quiet)
    return result
