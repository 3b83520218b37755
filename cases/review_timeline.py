"""Quarterly reviews on the case timeline: the mentor's submission and the head's decision.
Only people who may open the case reach the timeline; all of them may read its reviews."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.registry import TimelineEntry


def review_entries(view, case) -> list[TimelineEntry]:
    from cases.models import QuarterlyReview

    entries = []
    reviews = QuarterlyReview.objects.filter(case=case).select_related("drafted_by", "decided_by", "decided_on_behalf_of")
    for review in reviews:
        if review.drafted_at:
            body = "\n".join(
                part
                for part in (
                    _("Số lần tiếp xúc trong quý: %(n)d") % {"n": review.contacts_count},
                    review.narrative,
                )
                if part
            )
            entries.append(
                TimelineEntry(
                    at=review.drafted_at,
                    kind="review",
                    title=_("Đánh giá quý %(q)s: %(rating)s, đề xuất %(rec)s")
                    % {
                        "q": review.quarter_label,
                        "rating": review.get_rating_display() or "—",
                        "rec": review.get_recommendation_display() or "—",
                    },
                    body=body,
                    actor=review.drafted_by.display_name if review.drafted_by else "",
                )
            )
        if review.decided_at:
            actor = review.decided_by.display_name if review.decided_by else ""
            if review.decided_on_behalf_of_id:
                actor = _("%(who)s (thay cho %(head)s)") % {"who": actor, "head": review.decided_on_behalf_of.display_name}
            entries.append(
                TimelineEntry(
                    at=review.decided_at,
                    kind="review",
                    title=_("Quyết định đánh giá quý %(q)s: %(decision)s")
                    % {"q": review.quarter_label, "decision": review.get_decision_display() or "—"},
                    body=review.decision_comment,
                    actor=actor,
                )
            )
    return entries
