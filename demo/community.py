"""Demo registries for the demo commune, xã Tiên Du (and a little for phường Từ Sơn): households and their
commitments, cadres and two training sessions, the models of each thôn, the model khu dân cư,
"An toàn về ANTT", recognitions on 19/8 and 18/11, and the quarterly review meetings, so that
the dashboard and the commune table show some targets met and some not:

* Đông Sơn (the `head` login) is one family short of 90% signed, has its tổ hòa giải, a
  self-management model, the model khu dân cư and is recognised safe;
* Núi Móng and Tam Sơn meet most targets; Cẩm Giang has not signed, has no tổ hòa giải or
  self-management model, none of its cadres trained, and missed a quarterly meeting.

Every record goes through community.services, so the history rows are real."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cases.models import Case, QuarterlyReview, ReviewStatus
from community import services
from community.models import ModelKind

# Per khu dân cư of the demo commune: households, families signed this year, area signed this year.
HOUSEHOLDS = [(180, 161, True), (140, 130, True), (120, 110, True), (95, 40, False)]
CADRES = [
    ("Trần Văn Bình", "Trưởng Ban Công tác Mặt trận"),
    ("Nguyễn Thị Vân", "Chi hội trưởng Chi hội Phụ nữ"),
    ("Lê Văn Đạt", "Bí thư Chi đoàn"),
    ("Phạm Văn Hào", "Chi hội trưởng Chi hội Cựu chiến binh"),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
GIVEN = [
    "Văn An",
    "Văn Bảo",
    "Thị Cúc",
    "Văn Dũng",
    "Thị Duyên",
    "Hữu Giang",
    "Thị Hà",
    "Văn Hiếu",
    "Đức Khang",
    "Thị Loan",
    "Văn Mạnh",
    "Thị Nhung",
    "Quang Phú",
    "Văn Quyết",
    "Thị Sen",
    "Minh Tuấn",
    "Thị Uyên",
    "Văn Vinh",
    "Công Xuân",
    "Thị Yến",
]


def _on(today: dt.date, month: int, day: int) -> dt.date:
    """A day of this year, never after today (services refuse future dates)."""
    return min(dt.date(today.year, month, day), today)


def _household(i: int) -> str:
    name = f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[(i // len(SURNAMES)) % len(GIVEN)]}"
    return f"Hộ {'bà' if ' Thị ' in f' {name} ' else 'ông'} {name}"


def seed(ctx) -> None:
    if not ctx.created:
        return
    today = timezone.localdate()
    year = today.year
    users, commune = ctx.users, ctx.commune
    front = users["front"]
    areas = ctx.areas[:4]
    heads = [users["head"], users["head2"], users["head3"], users["head4"]]
    kind = {k.code: k for k in ModelKind.objects.all()}

    # Households and commitments.
    for i, (area, head, (households, signed, area_signed)) in enumerate(zip(areas, heads, HOUSEHOLDS, strict=True)):
        services.set_households(area, actor=head, households=households, as_of=_on(today, 1, 5))
        services.record_area_commitment(
            area, actor=head, year=year - 1, signed_on=dt.date(year - 1, 2, 20), text_reference=f"Bản cam kết khu dân cư năm {year - 1}"
        )
        if area_signed:
            services.record_area_commitment(
                area,
                actor=head,
                year=year,
                signed_on=_on(today, 2, 18 + i),
                text_reference=f"Bản cam kết khu dân cư năm {year}, lưu tại nhà văn hóa thôn",
            )
        cases = list(Case.objects.filter(area=area).select_related("subject").order_by("pk")[:3])
        for n in range(signed):
            case = cases[n] if n < len(cases) else None
            household = f"Hộ gia đình {case.subject.full_name}" if case else _household(n + 37 * i)
            services.record_household_commitment(
                area,
                actor=head,
                year=year,
                household=household,
                address=f"Xóm {n % 5 + 1}, {area}",
                signed_on=_on(today, 3, 1 + n % 25),
                signed_by=household.split(" ", 2)[-1],
                case=case,
            )
    # Phường Từ Sơn: its households, one tổ dân phố signed (the province roll-up has two communes).
    for area, head, households in zip(ctx.areas[4:6], (users["head5"], users["head6"]), (210, 160), strict=False):
        services.set_households(area, actor=head, households=households, as_of=_on(today, 1, 5))
    if len(ctx.areas) > 4:
        services.record_area_commitment(
            ctx.areas[4], actor=users["head5"], year=year, signed_on=_on(today, 3, 2), text_reference=f"Bản cam kết năm {year}"
        )

    # Cadres and training: about half trained in the commune, none in Cẩm Giang.
    cadres = []
    for i, (area, head) in enumerate(zip(areas, heads, strict=True)):
        for j, (name, position) in enumerate(CADRES):
            full_name = name if i == 0 else f"{SURNAMES[(i * 4 + j) % len(SURNAMES)]} {GIVEN[(i * 5 + j * 3) % len(GIVEN)]}"
            cadres.append(
                (
                    i,
                    services.add_cadre(
                        commune,
                        actor=head,
                        area=area,
                        full_name=full_name,
                        position=f"{position} {area}",
                        user=users["head"] if (i, j) == (0, 0) else None,
                    ),
                )
            )
    commune_cadres = [
        services.add_cadre(commune, actor=front, full_name=front.display_name, position="Phó Chủ tịch Ủy ban MTTQ xã", user=front),
        services.add_cadre(commune, actor=front, full_name="Hoàng Thị Minh", position="Chủ tịch Hội Liên hiệp Phụ nữ xã"),
        services.add_cadre(commune, actor=front, full_name="Đinh Văn Cường", position="Bí thư Đoàn xã"),
    ]
    spring = services.record_training_session(
        commune,
        actor=front,
        held_on=_on(today, 3, 26),
        hours=8,
        topic="Kỹ năng vận động, cảm hóa, giáo dục người lầm lỗi tại cộng đồng",
        organiser="Ủy ban MTTQ xã phối hợp Công an xã",
    )
    autumn = services.record_training_session(
        commune,
        actor=front,
        held_on=_on(today, 9, 12),
        hours=4,
        topic="Nghiệp vụ hòa giải ở cơ sở",
        organiser="Ủy ban MTTQ xã, Hội Luật gia",
    )
    trained = {0: 3, 1: 2, 2: 2, 3: 0}  # per khu dân cư, how many of its 4 cadres
    for area_index, cadre in cadres:
        if trained[area_index] > 0:
            trained[area_index] -= 1
            services.record_attendance(spring, actor=front, cadre=cadre)
    for cadre in commune_cadres[:2]:
        services.record_attendance(autumn, actor=front, cadre=cadre)

    # Community models.
    since = dt.date(year - 2, 5, 10)
    for area, head, specs in [
        (
            areas[0],
            heads[0],
            [
                ("to_hoa_giai", "Tổ hòa giải thôn Đông Sơn", 7),
                ("to_lien_gia_an_toan", "Tổ liên gia an toàn xóm 2", 12),
                ("nhom_nong_cot", "Nhóm nòng cốt thôn Đông Sơn", 6),
            ],
        ),
        (areas[1], heads[1], [("to_hoa_giai", "Tổ hòa giải thôn Núi Móng", 5), ("doi_xung_kich", "Đội xung kích thôn Núi Móng", 15)]),
        (areas[2], heads[2], [("to_hoa_giai", "Tổ hòa giải thôn Tam Sơn", 5), ("dong_ho_tu_quan", "Dòng họ Đỗ tự quản", 40)]),
        (areas[3], heads[3], [("cau_lac_bo", "Câu lạc bộ phòng, chống tội phạm thôn Cẩm Giang", 20)]),
    ]:
        for code, name, members in specs:
            model = services.record_community_model(area, actor=head, kind=kind[code], name=name, founded_on=since, members=members)
            if code == "nhom_nong_cot":
                for month in (2, 5, 8, 11):
                    services.record_core_group_meeting(
                        model,
                        actor=head,
                        held_on=_on(today, month, 6),
                        attendees="Trần Văn Bình\nNguyễn Thị Vân\nLê Văn Đạt\nPhạm Quốc Huy (Công an xã)",
                        notes="Nắm tình hình, phân công thăm hỏi người được giúp đỡ.",
                    )
    old_mediation = services.record_community_model(
        areas[3], actor=heads[3], kind=kind["to_hoa_giai"], name="Tổ hòa giải thôn Cẩm Giang", founded_on=since, members=4
    )
    services.end_record(old_mediation, actor=front, reason="Tổ trưởng chuyển đi, chưa kiện toàn", ended_on=_on(today, 4, 30))

    # The model khu dân cư and "An toàn về ANTT".
    services.designate_model_area(
        areas[0],
        actor=front,
        designated_on=dt.date(year - 1, 3, 1),
        decision_reference="Quyết định số 12/QĐ-MTTQ của Ban Thường trực Ủy ban MTTQ xã",
    )
    for area in areas[:3]:
        services.recognise_safe_area(
            area,
            actor=front,
            year=year - 1,
            recognised_on=dt.date(year - 1, 12, 10),
            decision_reference=f"Quyết định công nhận năm {year - 1}",
        )
    for area in (areas[0], areas[2]):
        services.recognise_safe_area(
            area, actor=front, year=year, recognised_on=_on(today, 11, 25), decision_reference=f"Quyết định công nhận năm {year}"
        )

    # Recognitions on 19/8 and 18/11.
    mentor = next((m for m in ctx.mentors if m.user_id == users["mentor"].pk), ctx.mentors[0])
    graduated = Case.objects.filter(commune=commune, status="graduated").order_by("pk").first()
    services.record_recognition(
        commune,
        actor=front,
        area=areas[0],
        occasion="19_8",
        recognised_on=_on(today, 8, 19),
        recipient_kind="mentor",
        mentor=mentor,
        award="Giấy khen của Ủy ban MTTQ xã",
        citation="Giúp đỡ hai người tái hòa nhập, có việc làm ổn định",
    )
    services.record_recognition(
        commune,
        actor=front,
        occasion="19_8",
        recognised_on=_on(today, 8, 19),
        recipient_kind="branch",
        branch=ctx.branches[0],
        award="Giấy khen của Ủy ban nhân dân xã",
    )
    if graduated is not None:
        services.record_recognition(
            commune,
            actor=front,
            area=graduated.area,
            occasion="18_11",
            recognised_on=_on(today, 11, 18),
            recipient_kind="subject",
            case=graduated,
            award="Biểu dương tại Ngày hội Đại đoàn kết",
            citation="Tiến bộ rõ rệt, tích cực tham gia hoạt động của thôn",
        )
    services.record_recognition(
        commune,
        actor=front,
        area=areas[2],
        occasion="18_11",
        recognised_on=_on(today, 11, 18),
        recipient_kind="family",
        family="Hộ ông Đỗ Văn Thịnh",
        award="Biểu dương tại Ngày hội Đại đoàn kết",
    )

    # Quarterly review meetings of this year's past quarters (Cẩm Giang missed one).
    current_q = (today.month - 1) // 3 + 1
    for i, (area, head) in enumerate(zip(areas, heads, strict=True)):
        for q in range(1, current_q):
            if i == 3 and q == 2:
                continue
            quarter = f"{year}Q{q}"
            held = min(dt.date(year, 3 * q, 28), today)
            reviews = list(QuarterlyReview.objects.filter(case__area=area, quarter=quarter, status=ReviewStatus.APPROVED))
            services.record_review_meeting(
                area,
                actor=head,
                quarter=quarter,
                held_on=held,
                reviews=reviews,
                attendees=f"{head.display_name} (Trưởng ban)\nĐại diện các chi hội, chi đoàn\nPhạm Quốc Huy (Công an xã)",
                police_present=i != 1 or q != 1,
                police_attendee="Phạm Quốc Huy" if i != 1 or q != 1 else "",
                minutes=f"Họp đánh giá sự tiến bộ quý {q}/{year} của những người được giúp đỡ; thống nhất đề xuất với Ủy ban MTTQ xã.",
            )
