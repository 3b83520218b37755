"""Optimistic concurrency on the writes of a case.

The case detail answers with `ETag: "<revision>"` (the case's `revision`, a strong validator of
the case record: it moves with every transition, assignment and change of the person's
profile). A write on a case carries the revision it was read at, either

- in the `If-Match` header: `"7"`, or the weak form `W/"7"` (accepted the same: the revision
  is all the tag says), or a list `"6", "7"` (matches if any is current); or
- in the body, as `revision` (an integer).

When both are sent they must both be current. A stale one gets **412** (problem details,
`…:stale`, the screens' Vietnamese message) and nothing changes. A write that needs it and has
neither gets **428** (`…:precondition_required`). `If-Match: *` names no revision and counts as
none. The comparison is made on the locked Case row, inside the write's own transaction (the case
services lock that row first too, so the order is the same): of two writes with the same
revision, one wins and the other, waiting on the lock, reads the new revision and gets 412.
A write without a revision gets the policy's refusal first (403/404/400/409), else 428."""

from __future__ import annotations

import contextlib
import re

from django.db import transaction
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.errors import DomainError, TransitionRefused

_TAG = re.compile(r'^\s*(?:W/)?"(\d{1,10})"\s*$')


class PreconditionRequired(DomainError):
    """A write on a case that carries neither If-Match nor `revision` (428)."""


def etag(revision: int) -> str:
    return f'"{int(revision)}"'


def if_match_revisions(request) -> list[int] | None:
    """The revisions named by If-Match (None when absent or `*`). A tag that is not one of ours
    (not "<integer>") can never match: it gives an empty list, and so a 412."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() in ("", "*"):
        return None
    out = []
    for part in header.split(","):
        found = _TAG.match(part)
        out.append(int(found.group(1)) if found else -1)
    return out


def expected_revision(request, body_revision: int | None, *, current: int | None = None) -> int:
    """The one revision this write expects. Raises PreconditionRequired when neither is sent;
    a TransitionRefused(field="revision") (412) when If-Match and the body disagree, or (given
    `current`) when If-Match lists several and none is current."""
    tags = if_match_revisions(request)
    if tags is None and body_revision is None:
        raise PreconditionRequired(
            _('Thiếu phiên bản hồ sơ: gửi kèm tiêu đề If-Match với ETag của hồ sơ (ví dụ If-Match: "7") hoặc trường revision đã đọc.'),
            field="revision",
        )
    if tags is None:
        return int(body_revision)
    wanted = tags[0]
    if len(tags) > 1 and current is not None and current in tags:
        wanted = current
    if body_revision is not None and int(body_revision) != wanted:
        raise TransitionRefused(case_services.STALE_MESSAGE, field="revision")
    return wanted


@contextlib.contextmanager
def case_unchanged(request, case_pk: int, body_revision: int | None, *, required: bool = True):
    """`with case_unchanged(request, pk, data.get("revision")):` one transaction with the Case
    row locked (the case services lock it first too: same order). A revision that is sent is
    compared at once, under the lock: stale → 412 before anything runs (of two writes sent with
    the same revision, the second, which waited on the lock, reads the new revision). A write
    that sends none runs, so that a refusal of the policy or the service is answered first, as
    for any write; then 428 rolls it back: nothing changed. `required=False` (the steps of a
    referral, whose own state refuses a step done twice): a revision sent is checked, none is
    fine."""
    with transaction.atomic():
        locked = case_services.lock_case(case_pk)
        missing = if_match_revisions(request) is None and body_revision is None
        if not missing:
            case_services.check_revision(locked, expected_revision(request, body_revision, current=locked.revision))
        yield locked
        if missing and required:
            expected_revision(request, body_revision)  # raises PreconditionRequired
