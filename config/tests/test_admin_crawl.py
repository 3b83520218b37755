"""Crawl every admin page an installation administrator can reach, with marker names planted
in cases (the person's name, address, offence, event reasons, a visit, a referral, the access
log), and find none of them anywhere."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.installation import ensure_group
from cases import services as case_services
from conftest import make_user
from mentors import services as mentor_services
from support import services as support_services

MARKERS = [
    "Zyxmarker Họ Tên",
    "Zyxmarker-Địa-Chỉ",
    "Zyxmarker-Vi-Phạm",
    "Zyxmarker-Lý-Do",
    "Zyxmarker-Thăm",
    "Zyxmarker-Nhu-Cầu",
    "Zyxmarker-Truy-Cập",
]
HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/admin/logout/", "/admin/password_change/")


def plant(world, make_case):
    from areas.models import ResidentialArea

    # a khu dân cư with cases and nobody's membership: its delete page shows what protects it
    quiet = ResidentialArea.objects.create(commune=world.commune, code="10001-09", name="Xóm Vắng")
    make_case(area=quiet, full_name=MARKERS[0] + " Bốn")
    case = make_case(
        "in_review",
        full_name=MARKERS[0],
        address_detail=MARKERS[1],
        offence_summary=MARKERS[2],
    )
    case_services.escalate(case, actor=world.front, reason=MARKERS[3])
    other = make_case("in_review", full_name=MARKERS[0] + " Hai")
    mentor_services.log_visit(other, actor=world.users["mentor"], visited_at=timezone.now(), mode="home", work_study=MARKERS[4])
    support_services.create_referral(other, actor=world.front, type="job", needs=MARKERS[5])
    case_services.record_access(case, user=world.police, action="view", reason=MARKERS[6])
    make_case("closed", full_name=MARKERS[0] + " Ba")
    return case


def crawl(client, start: str, limit: int = 300) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        body = response.content.decode(errors="replace")
        for marker in MARKERS:
            assert marker.lower() not in body.lower(), f"{marker} on {url}"
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        if response.status_code == 302:
            target = urljoin(url, response["Location"])
            if urlsplit(target).path.startswith("/admin/"):
                queue.append(target)
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(body):
            target = urljoin(url, href.replace("&amp;", "&"))
            path = urlsplit(target)
            if path.netloc or not path.path.startswith("/admin/") or path.path.startswith(SKIP):
                continue
            # a history record's form keeps the change form's relative links (../password/),
            # which point nowhere from there (a simple-history quirk, not a page)
            if "/jsi18n/" in path.path or re.search(r"/history/[^0-9/]", path.path):
                continue
            # Filter and sort links (query strings) multiply without end; each page once.
            queue.append(path.path)
    return seen


def test_no_admin_page_shows_case_content_to_the_installation_administrator(world, make_case, client):
    plant(world, make_case)
    installer = make_user("caidat")
    installer.is_staff = True
    installer.save()
    installer.groups.add(ensure_group())
    client.force_login(installer)
    start = [reverse("admin:index")]
    # Every registered model's pages, whether linked or not, and every object's delete page.
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        start.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?q=Zyxmarker")
        for pk in model._default_manager.values_list("pk", flat=True)[:3]:
            for view in ("change", "delete", "history"):
                start.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[pk]))
        for field in getattr(model_admin, "autocomplete_fields", ()):
            start.append(f"/admin/autocomplete/?term=Zyx&app_label={opts.app_label}&model_name={opts.model_name}&field_name={field}")
    seen: dict[str, int] = {}
    for url in start:
        if url not in seen:
            seen.update(crawl(client, url))
    ok = [u for u, code in seen.items() if code == 200]
    print(len(seen), "admin pages crawled,", len(ok), "answered 200")
    assert len(ok) > 60, ok
    # the delete pages of the places and the organisations that hold the cases were among them
    assert reverse("admin:areas_residentialarea_delete", args=[world.area.pk]) in ok
    from areas.models import ResidentialArea

    quiet = ResidentialArea.objects.get(code="10001-09")
    assert reverse("admin:areas_residentialarea_delete", args=[quiet.pk]) in ok
    assert reverse("admin:areas_commune_delete", args=[world.commune.pk]) in ok
    assert reverse("admin:mentors_branch_delete", args=[world.branch.pk]) in ok
