import pytest
from django.core.management import call_command

from areas.models import Commune, Province, ResidentialArea, strip_kind
from areas.services import COMMUNE_LABELS


@pytest.mark.django_db
def test_load_places_loads_34_provinces_and_3321_communes_and_changes_nothing_the_second_time(capsys):
    call_command("load_places")
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    history = (Province.history.count(), Commune.history.count())
    assert history == (34, 3321)
    bac_ninh = Province.objects.get(code="24")
    assert bac_ninh.name == "Tỉnh Bắc Ninh"
    tu_son = Commune.objects.get(code="09367")
    assert (tu_son.name, tu_son.kind, tu_son.province_id) == ("Từ Sơn", Commune.Kind.PHUONG, bac_ninh.pk)
    assert str(tu_son) == "Phường Từ Sơn"
    assert Commune.objects.filter(kind=Commune.Kind.DAC_KHU).count() == 13
    capsys.readouterr()

    call_command("load_places")
    out = capsys.readouterr().out
    assert "Không có thay đổi" in out
    assert Province.objects.count() == 34 and Commune.objects.count() == 3321
    assert (Province.history.count(), Commune.history.count()) == history


@pytest.mark.django_db
def test_load_places_keeps_a_recorded_legacy_code_and_corrects_the_name():
    province = Province.objects.create(code="24", name="Bắc Ninh cũ", legacy_code="27")
    Commune.objects.create(province=province, code="09367", name="Đông Ngàn", legacy_code="09370")
    call_command("load_places", province=["24"])
    commune = Commune.objects.get(code="09367")
    assert (commune.name, commune.legacy_code) == ("Từ Sơn", "09370")
    assert Province.objects.get(code="24").legacy_code == "27"
    assert Province.objects.count() == 1


def test_a_place_never_shows_its_kind_twice():
    area = ResidentialArea(name="Tổ dân phố Chợ", kind=ResidentialArea.Kind.TO_DAN_PHO)
    assert str(area) == "Tổ dân phố Chợ"
    assert str(ResidentialArea(name="Chợ", kind=ResidentialArea.Kind.TO_DAN_PHO)) == "Tổ dân phố Chợ"
    assert str(ResidentialArea(name="Khu 3", kind=ResidentialArea.Kind.OTHER)) == "Khu 3"
    assert str(ResidentialArea(name="Buôn Đôn", kind=ResidentialArea.Kind.BUON)) == "Buôn Đôn"
    assert strip_kind("Đặc khu  Phú Quốc", COMMUNE_LABELS) == "Phú Quốc"
