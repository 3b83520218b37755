"""Reminders that reach people: once a day, per user, what is due, sent as one digest on the
channels the installation uses (workflows.channels).

What is due (`due_items`):
- a mentor: each open case whose contact is due by the category's cadence or by the date
  planned at the last visit (mentors.selectors.my_cases, the same rule as the cards);
- anyone with a quarterly review to draft or to decide (the task inbox, deputies included);
- a labour officer: the office's new referrals to take in and the follow-ups falling due within
  DONG_HANH["REMINDER_FOLLOW_UP_LEAD_DAYS"] days (support.selectors);
- a review past its due date (quarter end + REVIEW_DUE_DAYS) is "review_overdue" instead;
- anyone who sees a case whose legal clock (cases.legal) ends within
  DONG_HANH["REMINDER_LEGAL_CLOCK_LEAD_DAYS"] days, up to the day it ends (afterwards the
  clock_end legal task asks the head to confirm);
- a task newly given to the user (a legal task of their role and place, cases.legal_tasks; any
  other viewflow task assigned to them) since their previous digest: reminded once;
- whatever a higher app registers with `register_source` (a read-only registry filled from its
  AppConfig.ready(), since workflows imports no app above it): reports adds the commune front
  officer's periodic reports not yet sent, from DONG_HANH["REPORT_REMIND_DAYS"] days before
  their send-by day (reports/reminders.py).

Each user's channels and quiet time come from their ReminderPreference (the "Nhắc việc" page),
or the installation's defaults when they have none (`preference_for`).

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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role, User
from workflows.channels import CHANNELS, DeliveryError, Message, enabled_channels
from workflows.models import DeliveryStatus, ReminderDelivery, ReminderDigest, ReminderPreference

# The commune police are reminded of their legal tasks (address checks, evaluations).
REMINDED_ROLES = (Role.MENTOR, Role.COMMITTEE_HEAD, Role.COMMUNE_FRONT, Role.COMMUNE_POLICE, Role.LABOUR_OFFICER)


class Kind:
    VISIT_DUE = "visit_due"
    REVIEW_DRAFT = "review_draft"
    REVIEW_DECIDE = "review_decide"
    REVIEW_OVERDUE = "review_overdue"
    REFERRAL_TRIAGE = "referral_triage"
    FOLLOW_UP_DUE = "follow_up_due"
    LEGAL_CLOCK_ENDING = "legal_clock_ending"
    TASK_ASSIGNED = "task_assigned"


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


def _review_tasks(user, today: dt.date, entries: list) -> list[DueItem]:
    from workflows.review_flow import QuarterlyReviewFlow

    out = []
    for entry in entries:
        task = entry.task
        if task is None or task.flow_task not in (QuarterlyReviewFlow.draft, QuarterlyReviewFlow.decide):
            continue
        kind = Kind.REVIEW_DRAFT if task.flow_task == QuarterlyReviewFlow.draft else Kind.REVIEW_DECIDE
        title = entry.info.title + (f" · {entry.info.subtitle}" if entry.info.subtitle else "")
        due = entry.info.due_on
        overdue = bool(due and due < today)
        out.append(
            DueItem(Kind.REVIEW_OVERDUE if overdue else kind, title, entry.info.url or reverse("workflows:inbox"), _fmt(due), overdue)
        )
    return out


def _legal_clocks_ending(user, today: dt.date) -> list[DueItem]:
    """Cases the user sees whose legal clock ends between today and the lead day (inclusive)."""
    from cases.legal_tasks import clocks_ending_soon

    lead = int(settings.DONG_HANH["REMINDER_LEGAL_CLOCK_LEAD_DAYS"])
    out = []
    for row in clocks_ending_soon(user, on=today, days=lead):
        if row.days_left < 0:
            continue  # ended: the clock_end legal task takes over (task_assigned, then the inbox)
        name = row.case.subject.full_name
        if row.days_left == 0:
            title = _("Hết thời hạn quản lý hôm nay: %(name)s") % {"name": name}
        else:
            title = _("Còn %(n)d ngày hết thời hạn quản lý: %(name)s") % {"n": row.days_left, "name": name}
        out.append(DueItem(Kind.LEGAL_CLOCK_ENDING, title, reverse("cases:detail", args=[row.case.pk]), _fmt(row.clock.end)))
    return out


def _new_since(user, today: dt.date) -> dt.datetime:
    """Since when a task counts as new: the user's previous digest (it told them of everything
    given before it), or the start of yesterday for a user who never had one."""
    previous = ReminderDigest.objects.filter(user=user, day__lt=today).order_by("-day").values_list("created_at", flat=True).first()
    if previous is not None:
        return previous
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time.min))


def _tasks_assigned(user, today: dt.date, entries: list) -> list[DueItem]:
    from cases.legal_tasks import legal_tasks_for
    from workflows.review_flow import QuarterlyReviewFlow

    since = _new_since(user, today)
    until = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min))
    out = []
    for task in legal_tasks_for(user).filter(created_at__gt=since, created_at__lt=until):
        title = f"{task.get_kind_display()} · {task.case.subject.full_name}"
        url = reverse("legal:task", args=[task.pk])
        out.append(DueItem(Kind.TASK_ASSIGNED, title, url, _fmt(task.due_on), task.due_on < today))
    # Review tasks have their own reminders (to draft, to decide, overdue); other flows' tasks
    # are reminded once, when given.
    for entry in entries:
        task = entry.task
        if task is None or task.owner_id != user.pk or task.flow_task in (QuarterlyReviewFlow.draft, QuarterlyReviewFlow.decide):
            continue
        given = task.assigned or task.created
        if since < given < until:
            due = entry.info.due_on
            out.append(
                DueItem(
                    Kind.TASK_ASSIGNED, entry.info.title, entry.info.url or reverse("workflows:inbox"), _fmt(due), bool(due and due < today)
                )
            )
    return out


# --- sources registered by higher apps (read-only) -------------------------------------------


@dataclass(frozen=True)
class ReminderSource:
    """What a higher app adds to the digest: `items(user, today) -> list[DueItem]` (reads only,
    never a write), `summary(n) -> str` for the counts in e-mail and SMS, and the roles whose
    users it may remind (added to the users the job visits)."""

    kind: str
    items: Callable[[User, dt.date], list[DueItem]]
    summary: Callable[[int], str]
    roles: tuple[str, ...] = ()


_sources: dict[str, ReminderSource] = {}


def register_source(source: ReminderSource) -> None:
    _sources[source.kind] = source


def registered_sources() -> list[ReminderSource]:
    return list(_sources.values())


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
    from workflows.inbox import inbox_entries

    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        entries = inbox_entries(user)  # read once: the review reminders and the tasks given
        items = (
            _review_tasks(user, today, entries)
            + _visits_due(user, today)
            + _referral_work(user, today)
            + _legal_clocks_ending(user, today)
            + _tasks_assigned(user, today, entries)
        )
        for source in _sources.values():
            items += source.items(user, today)
    items.sort(key=lambda i: (not i.overdue, i.kind))
    return items


def reminded_roles() -> list[str]:
    roles = list(REMINDED_ROLES)
    for source in _sources.values():
        roles += [r for r in source.roles if r not in roles]
    return roles


def reminded_users():
    return (
        User.objects.filter(is_active=True, is_system=False, memberships__is_active=True, memberships__role__in=reminded_roles())
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
    Kind.REVIEW_OVERDUE: lambda n: ngettext("%(n)d đánh giá quý quá hạn", "%(n)d đánh giá quý quá hạn", n) % {"n": n},
    Kind.LEGAL_CLOCK_ENDING: lambda n: (
        ngettext("%(n)d người sắp hết thời hạn quản lý", "%(n)d người sắp hết thời hạn quản lý", n) % {"n": n}
    ),
    Kind.TASK_ASSIGNED: lambda n: ngettext("%(n)d việc mới được giao", "%(n)d việc mới được giao", n) % {"n": n},
}


def _summary(kind: str, n: int) -> str | None:
    if kind in SUMMARY:
        return SUMMARY[kind](n)
    source = _sources.get(kind)
    return source.summary(n) if source else None


def build_message(digest: ReminderDigest) -> Message:
    """The digest as text: in full (names and links) for the in-app notification; the e-mail
    and the SMS/Zalo text say how many of each and link to the inbox, without names."""
    items = digest.items
    with translation.override(settings.LANGUAGE_CODE):
        counts = Counter(i["kind"] for i in items)
        summary = "; ".join(text for k, n in counts.items() if (text := _summary(k, n)))
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


# --- each user's channels and quiet time ------------------------------------------------------


@dataclass(frozen=True)
class Preference:
    """What the job uses for one user: the channels in order (in_app first, always) and the
    quiet time [quiet_from, quiet_to) in local time, None for none. `stored`: the user chose it
    (a ReminderPreference row); otherwise the installation's defaults."""

    channels: tuple[str, ...]
    quiet_from: dt.time | None
    quiet_to: dt.time | None
    stored: bool = False

    @property
    def quiet_label(self) -> str:
        if self.quiet_from is None or self.quiet_to is None:
            return ""
        return f"{self.quiet_from:%H:%M}–{self.quiet_to:%H:%M}"


def offered_channels() -> list[str]:
    """The channels a user may choose besides in-app (DONG_HANH["REMINDER_OFFERED_CHANNELS"])."""
    return [name for name in settings.DONG_HANH["REMINDER_OFFERED_CHANNELS"] if name in CHANNELS and name != "in_app"]


def default_quiet_time() -> tuple[dt.time | None, dt.time | None]:
    """DONG_HANH["REMINDER_QUIET_HOURS"], "21-7" (hours) or "21:30-6:45"; empty: none."""
    spec = str(settings.DONG_HANH.get("REMINDER_QUIET_HOURS") or "").strip()
    if not spec:
        return None, None
    start, _sep, end = spec.partition("-")

    def parse(text: str) -> dt.time:
        hour, _c, minute = text.strip().partition(":")
        return dt.time(int(hour) % 24, int(minute or 0))

    return parse(start), parse(end)


def preference_for(user, *, stored: ReminderPreference | None = None) -> Preference:
    if stored is None:
        stored = ReminderPreference.objects.filter(user=user).first()
    if stored is None:
        return _default_preference()
    offered = offered_channels()
    names = ["in_app"] + [name for name in stored.channels if name in offered]
    return Preference(tuple(dict.fromkeys(names)), stored.quiet_from, stored.quiet_to, stored=True)


def is_quiet(quiet_from: dt.time | None, quiet_to: dt.time | None, at: dt.time) -> bool:
    """Whether local time `at` lies in [quiet_from, quiet_to), across midnight when from > to."""
    if quiet_from is None or quiet_to is None or quiet_from == quiet_to:
        return False
    if quiet_from < quiet_to:
        return quiet_from <= at < quiet_to
    return at >= quiet_from or at < quiet_to


def in_quiet_hours(now: dt.datetime | None = None, preference: Preference | None = None) -> bool:
    """Whether `now` is in the quiet time of `preference` (the installation's default when None)."""
    quiet_from, quiet_to = (preference.quiet_from, preference.quiet_to) if preference else default_quiet_time()
    local = timezone.localtime(now or timezone.now())
    return is_quiet(quiet_from, quiet_to, local.time().replace(second=0, microsecond=0))


def run_times() -> list[dt.time]:
    """The local times the job runs (DONG_HANH["REMINDER_RUN_TIMES"], "07:00")."""
    out = []
    for text in settings.DONG_HANH["REMINDER_RUN_TIMES"]:
        hour, _c, minute = str(text).strip().partition(":")
        out.append(dt.time(int(hour), int(minute or 0)))
    return sorted(out)


def _digest_for(user, day: dt.date, preference: Preference) -> tuple[ReminderDigest | None, bool]:
    digest = ReminderDigest.objects.filter(user=user, day=day).first()
    if digest is not None:
        return digest, False
    items = due_items(user, today=day)
    if not items:
        return None, False
    # The user's channels as they are when the day's digest is made (a change later in the day
    # applies from the next day's digest); only those the user has the address for.
    channels = [name for name in preference.channels if name in CHANNELS and CHANNELS[name].reaches(user)]
    try:
        with transaction.atomic():
            digest = ReminderDigest.objects.create(user=user, day=day, items=[asdict(i) for i in items])
            ReminderDelivery.objects.bulk_create([ReminderDelivery(digest=digest, channel=name) for name in channels])
    except IntegrityError:  # another run made it first: theirs is the day's digest
        return ReminderDigest.objects.get(user=user, day=day), False
    return digest, True


def _deliver(digest: ReminderDigest, result: RunResult, *, quiet: bool, channels: tuple[str, ...] | None = None) -> None:
    """Send the digest's pending (or failed, under the limit) deliveries. `channels`: the user's
    channels now; a delivery held back or failed on a channel the user has since dropped stays
    unsent (the choice made later wins)."""
    limit = int(settings.DONG_HANH["REMINDER_MAX_ATTEMPTS"])
    message = None
    pending = digest.deliveries.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED], attempts__lt=limit)
    for delivery in pending.order_by("pk"):
        channel = CHANNELS.get(delivery.channel)
        if channel is None:
            continue
        if channels is not None and channel.name not in channels:
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
    now = now or timezone.now()
    result = RunResult(day=day)
    users = list(users if users is not None else reminded_users())
    stored = {p.user_id: p for p in ReminderPreference.objects.filter(user__in=[u.pk for u in users])}
    for user in users:
        result.users += 1
        preference = preference_for(user, stored=stored.get(user.pk)) if user.pk in stored else _default_preference()
        digest, created = _digest_for(user, day, preference)
        if digest is None:
            continue
        result.digests += int(created)
        # Held back in the user's quiet time: the delivery stays pending, and the first run
        # after the quiet time sends it (claimed like any other: never twice).
        _deliver(digest, result, quiet=in_quiet_hours(now, preference), channels=preference.channels)
    return result


def _default_preference() -> Preference:
    quiet_from, quiet_to = default_quiet_time()
    return Preference(tuple(c.name for c in enabled_channels()), quiet_from, quiet_to, stored=False)
