from django.core.management import call_command

from cases.models import Case
from demo.core import DEMO_COMMUNE_CODE
from support.models import OPEN_STATUSES, Referral, ReferralStatus, ReferralType


def test_demo_data_has_every_referral_type_in_every_status_in_the_labour_officers_commune(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    combos = set(Referral.objects.filter(commune__code=DEMO_COMMUNE_CODE).values_list("type", "status"))
    assert combos == {(t, s) for t in ReferralType.values for s in ReferralStatus.values}
    assert not Case.objects.filter(status="supported").exclude(referrals__status__in=OPEN_STATUSES).exists()
