from django.urls import reverse
from django.utils import timezone

from cases.models import QuarterlyReview


def test_a_decided_review_appears_on_the_timeline_with_who_decided_on_whose_behalf(world, make_case, login):
    case = make_case("in_review")
    now = timezone.now()
    QuarterlyReview.objects.create(
        case=case,
        quarter="2026Q3",
        rating="progressing",
        recommendation="continue",
        status="approved",
        contacts_count=4,
        narrative="Đi làm đều ở xưởng mộc",
        drafted_by=world.mentor.user,
        drafted_at=now,
        decision="approve",
        decision_comment="Đồng ý",
        decided_by=world.front,
        decided_on_behalf_of=world.head,
        decided_at=now,
        approved_at=now,
    )
    html = login(world.head).get(reverse("cases:timeline", args=[case.pk])).content.decode()
    assert "Đánh giá quý 3/2026: Tiến bộ" in html
    assert "Đi làm đều ở xưởng mộc" in html
    assert "Quyết định đánh giá quý 3/2026" in html
    assert f"{world.front.display_name} (thay cho {world.head.display_name})" in html
