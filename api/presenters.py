"""Dicts the output serializers render. Everything a reader sees of a case comes from the
policy's projection (CaseView): its flags decide which keys exist; nothing here tests a role."""

from __future__ import annotations

from cases.policy import SEES, TRANSITION_LABELS, CaseView
from cases.timeline import KIND_LABELS


def place_ref(obj) -> dict:
    return {"id": obj.pk, "code": obj.code, "name": str(obj)}


def case_row(case) -> dict:
    subject = case.subject
    return {
        "id": case.pk,
        "full_name": subject.full_name,
        "category": subject.category,
        "category_label": subject.get_category_display(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "area": place_ref(case.area),
        "commune": place_ref(case.commune),
        "opened_at": case.opened_at,
        "mentor_name": getattr(case, "mentor_name", None),
        "revision": case.revision,
    }


def person(view: CaseView) -> dict:
    subject = view.subject
    out = {
        "full_name": subject.full_name,
        "date_of_birth": subject.date_of_birth,
        "age": subject.age(),
        "sex": subject.sex,
        "sex_label": subject.get_sex_display(),
        "national_id": view.national_id or "",
        "address_detail": subject.address_detail,
        "phone": subject.phone,
        "category": subject.category,
        "category_label": subject.get_category_display(),
    }
    if view.sees_classification:
        out["classification"] = subject.classification
        out["classification_label"] = view.classification or ""
    if view.sees_offence:
        out["offence_summary"] = view.offence_summary or ""
        out["sentence_details"] = view.sentence_details or ""
    if view.sees_legal_dates:
        out["legal_clock_end"] = view.legal_clock_end
    return out


def case_detail(view: CaseView, *, assignment, transitions: list[str]) -> dict:
    case = view.case
    out = {
        "id": case.pk,
        "status": case.status,
        "status_label": case.get_status_display(),
        "revision": case.revision,
        "opened_at": case.opened_at,
        "assigned_at": case.assigned_at,
        "closed_at": case.closed_at,
        "close_reason": case.close_reason,
        "close_reason_label": case.get_close_reason_display() if case.close_reason else "",
        "area": place_ref(case.area),
        "commune": place_ref(case.commune),
        "person": person(view),
        "assignment": None,
        "previous_case_id": case.transferred_from_id,
        "transitions": [{"name": name, "label": str(TRANSITION_LABELS[name])} for name in transitions],
        "sees": sorted(what for what in SEES if view.sees(what)),
    }
    if assignment is not None:
        out["assignment"] = {
            "mentor_name": assignment.mentor.full_name,
            "branch_name": assignment.branch.name if assignment.branch_id else None,
            "started_at": assignment.started_at,
        }
    if view.grant_reason:
        out["access_reason"] = view.grant_reason
    return out


def timeline_entry(entry) -> dict:
    out = {
        "at": entry.at,
        "kind": entry.kind,
        "kind_label": str(KIND_LABELS.get(entry.kind, entry.kind)),
        "title": str(entry.title),
        "body": str(entry.body or ""),
        "actor": str(entry.actor or ""),
    }
    if entry.extra.get("earlier_case"):
        out["earlier_case"] = str(entry.extra["earlier_case"])
    return out


VISIT_TEXT = (
    "place",
    "present",
    "work_study",
    "family_community",
    "health",
    "substance_use",
    "compliance",
    "support_needs",
    "notes",
)


def visit(v, *, sees_sensitive: bool, user) -> dict:
    out = {
        "id": v.pk,
        "case_id": v.case_id,
        "visited_at": v.visited_at,
        "mode": v.mode,
        "mode_label": v.get_mode_display(),
        "duration_minutes": v.duration_minutes,
        "next_contact_on": v.next_contact_on,
        "mentor_name": v.mentor.full_name,
        "recorded_by_me": v.recorded_by_id == user.pk,
        "created_at": v.created_at,
        "corrected_at": v.corrected_at,
    }
    for name in VISIT_TEXT:
        out[name] = getattr(v, name) or ""
    if sees_sensitive:
        out["sensitive_note"] = v.sensitive_note or ""
    return out


ASSESSMENT = ("contacts_count", "work", "family_ties", "compliance", "support_needs", "narrative", "recommendation", "decision_comment")


def review(r, *, open_task: dict | None, with_assessment: bool) -> dict:
    out = {
        "id": r.pk,
        "case_id": r.case_id,
        "quarter": r.quarter,
        "quarter_label": str(r.quarter_label),
        "status": r.status,
        "status_label": r.get_status_display(),
        "due_on": r.due_on,
        "overdue": r.is_overdue(),
        "rating": r.rating,
        "decision": r.decision,
        "outcome": r.outcome,
        "decided_at": r.decided_at,
        "decided_by_name": r.decided_by.display_name if r.decided_by_id else None,
        "decided_on_behalf_of_name": r.decided_on_behalf_of.display_name if r.decided_on_behalf_of_id else None,
        "open_task": open_task,
    }
    if with_assessment:
        for name in ASSESSMENT:
            out[name] = getattr(r, name)
    return out


def referral(ref, *, for_office: bool) -> dict:
    out = {
        "id": ref.pk,
        "case_id": ref.case_id,
        "type": ref.type,
        "type_label": ref.get_type_display(),
        "status": ref.status,
        "status_label": ref.get_status_display(),
        "needs": ref.needs,
        "skills": ref.skills,
        "loan_purpose": ref.loan_purpose,
        "loan_amount_requested": ref.loan_amount_requested,
        "loan_training_months": ref.loan_training_months,
        "referred_by_name": ref.referred_by.display_name,
        "officer_name": ref.officer.display_name if ref.officer_id else None,
        "created_at": ref.created_at,
        "sent_at": ref.sent_at,
        "decided_at": ref.decided_at,
        "outcome_at": ref.outcome_at,
        "ended_at": ref.ended_at,
        "decline_reason": ref.decline_reason,
        "withdraw_reason": ref.withdraw_reason,
        "close_note": ref.close_note,
        "outcome": None,
        "follow_ups": [
            {"due_date": f.due_date, "done_at": f.done_at, "still_active": f.still_active, "notes": f.notes} for f in ref.follow_ups.all()
        ],
    }
    outcome = getattr(ref, "outcome", None) if ref.status not in ("draft", "sent") else None
    if outcome is not None:
        out["outcome"] = {
            "result": outcome.result,
            "result_label": outcome.get_result_display(),
            "partner_name": outcome.partner.name if outcome.partner_id else None,
            **{
                name: getattr(outcome, name)
                for name in (
                    "position",
                    "start_date",
                    "monthly_wage",
                    "course",
                    "course_end",
                    "amount_approved",
                    "disbursement_date",
                    "term_months",
                    "confirmation_date",
                    "notes",
                    "recorded_at",
                )
            },
        }
    if for_office:
        subject = ref.case.subject
        out["person"] = {
            "full_name": subject.full_name,
            "age": subject.age(),
            "sex_label": subject.get_sex_display(),
            "phone": subject.phone,
            "commune": str(ref.case.commune),
        }
    return out


def notification(n) -> dict:
    return {"id": n.pk, "case_id": n.case_id, "kind": n.kind, "message": n.message, "created_at": n.created_at, "read_at": n.read_at}


def period(p) -> dict:
    return {"code": p.code, "label": str(p.label), "start": p.start, "end": p.end}


def report_place(place) -> dict:
    return {"level": place.level, "code": place.code, "name": str(place.name)}


def report(rep) -> dict:
    from reports.indicators import INDICATORS

    root = rep.root_figures
    return {
        "place": report_place(rep.root),
        "period": period(rep.period),
        "previous_period": period(rep.previous_period),
        "indicators": [
            {k: row[k] for k in ("key", "label", "section", "kind", "value", "previous", "target", "met")} for row in root.rows()
        ],
        "children": [
            {"place": report_place(f.place), "values": {ind.key: ind.value(f.counts) for ind in INDICATORS}} for f in rep.children()
        ],
    }
