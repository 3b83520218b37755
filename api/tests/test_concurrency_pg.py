"""Two writes through the API at the same moment with the same If-Match, on PostgreSQL (real row
locks, each thread its own connection): one wins, the other gets 412 and changes nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cases.models import Case, CaseEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_database_is_really_postgresql():
    assert connection.vendor == "postgresql"


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results: dict[str, object] = {}

    def run(name, call):
        try:
            barrier.wait(timeout=10)
            results[name] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(name, call)) for name, call in calls.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_writes_with_the_same_revision_one_wins_one_gets_412(world, scenario, api_for):
    case = scenario.case
    police, front = api_for("police"), api_for("front")
    etag = front.get(f"/api/v1/cases/{case.pk}/").headers["ETag"]
    events = CaseEvent.objects.filter(case=case).count()
    path = f"/api/v1/cases/{case.pk}/transitions/escalate/"
    results = _race(
        {
            "police": lambda: police.post(path, {"reason": "Có dấu hiệu tái phạm"}, format="json", HTTP_IF_MATCH=etag),
            "front": lambda: front.post(path, {"reason": "Mặt trận báo cáo"}, format="json", HTTP_IF_MATCH=etag),
        }
    )
    codes = sorted(r.status_code for r in results.values())
    assert codes == [200, 412], {k: (r.status_code, r.content) for k, r in results.items()}
    loser = next(r for r in results.values() if r.status_code == 412)
    assert loser.json()["type"].endswith(":stale") and "người khác thay đổi" in loser.json()["detail"]
    winner = next(r for r in results.values() if r.status_code == 200)
    final = Case.objects.get(pk=case.pk)
    assert final.status == "escalated" and final.revision == int(etag.strip('"')) + 1
    assert winner.headers["ETag"] == f'"{final.revision}"'
    assert CaseEvent.objects.filter(case=case).count() == events + 1  # one transition, not two


def test_a_visit_and_an_assignment_with_the_same_revision(world, scenario, api_for):
    """Writes of different kinds race on the same revision: the assignment moves the revision,
    so whichever comes second is refused with 412 (a visit that came first does not move it, and
    then both go through: a visit changes nothing the assignment read)."""
    from mentors.models import Visit

    case = scenario.case
    mentor, front = api_for("mentor"), api_for("front")
    revision = front.get(f"/api/v1/cases/{case.pk}/").json()["revision"]
    visits = Visit.objects.filter(case=case).count()
    from django.utils import timezone

    results = _race(
        {
            "visit": lambda: mentor.post(
                f"/api/v1/cases/{case.pk}/visits/",
                {"visited_at": timezone.now().isoformat(), "mode": "home", "revision": revision},
                format="json",
            ),
            "assign": lambda: front.post(
                f"/api/v1/cases/{case.pk}/assignment/",
                {"mentor": world.mentor2.pk, "reason": "Bàn giao", "revision": revision},
                format="json",
            ),
        }
    )
    visit, assign = results["visit"], results["assign"]
    assert assign.status_code == 200, assign.content
    assert visit.status_code in (201, 412), visit.content
    added = Visit.objects.filter(case=case).count() - visits
    assert added == (1 if visit.status_code == 201 else 0)
    final = Case.objects.get(pk=case.pk)
    assert final.revision == revision + 1 and final.mentor_user == world.users["mentor2"]
