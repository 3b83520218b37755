import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from cases.models import Case, CaseStatus, Category


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Case.objects.exists()


def test_seed_demo_creates_every_state_and_category_and_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = Case.objects.count()
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(Case.objects.values_list("subject__category", flat=True)) == set(Category.values)
    assert Case.objects.filter(commune__code="07510").count() >= 40
    for username in ("mentor", "head", "front", "police", "labour", "province", "admin", "police2"):
        assert User.objects.get(username=username).check_password("dong-hanh-demo")
    call_command("seed_demo")
    assert Case.objects.count() == first
