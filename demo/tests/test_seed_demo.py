import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from areas.models import Province
from cases.models import Case, CaseStatus, Category, Subject
from demo.core import DEMO_COMMUNE_CODE


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Case.objects.exists()


def test_seed_demo_creates_every_state_and_category_and_is_idempotent(db, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    first = Case.objects.count()
    people = Subject.objects.count()
    assert f"{first} hồ sơ của {people} người" in out.getvalue()
    # Distinct people: no two demo persons share a name.
    assert Subject.objects.values("full_name").distinct().count() == people
    assert Province.objects.get(code="24").name == "Tỉnh Bắc Ninh"
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Case.objects.values_list("subject__category", flat=True)) == set(Category.values)
    assert Case.objects.filter(commune__code=DEMO_COMMUNE_CODE).count() >= 40
    for username in ("mentor", "head", "front", "police", "labour", "province", "admin", "police2"):
        assert User.objects.get(username=username).check_password("dong-hanh-demo")
    call_command("seed_demo")
    assert Case.objects.count() == first


def test_the_demo_dates_agree_with_each_other(db, settings):
    import datetime as dt

    from django.utils import timezone

    from cases.models import CaseEvent

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    now = timezone.now()
    assert not CaseEvent.objects.filter(created_at__gt=now).exists()
    for case in Case.objects.select_related("subject").exclude(transferred_from__isnull=False):
        subject = case.subject
        assert subject.date_of_birth < timezone.localtime(case.opened_at).date() - dt.timedelta(days=365 * 16)
        first = CaseEvent.objects.filter(case=case).order_by("created_at", "pk").first()
        assert first.transition == "create" and first.created_at >= case.opened_at - dt.timedelta(seconds=1)
