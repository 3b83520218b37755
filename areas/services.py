"""Writes to the geography: the official provinces and communes (load_places) and the khu dân
cư a commune brings in from its own lists."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from areas.models import Commune, Province, ResidentialArea, strip_kind
from areas.search import area_search_text

# The package's division types → our kinds (two-tier government since 01/07/2025).
COMMUNE_KINDS = {"xã": Commune.Kind.XA, "phường": Commune.Kind.PHUONG, "đặc khu": Commune.Kind.DAC_KHU}
COMMUNE_LABELS = ["Xã", "Phường", "Đặc khu"]


def province_code(code: int) -> str:
    """Official province codes are two digits (Bắc Ninh: "24")."""
    return f"{int(code):02d}"


def commune_code(code: int) -> str:
    """Official commune codes are five digits (Phường Từ Sơn: "09367")."""
    return f"{int(code):05d}"


def official_divisions(province_codes: list[str] | None = None) -> list[dict]:
    """The provinces with their communes as the pinned vietnam-provinces package ships them
    (no network). `province_codes` limits them (the demo loads one province)."""
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    if province_codes is not None:
        wanted = {province_code(c) for c in province_codes}
        data = [p for p in data if province_code(p["code"]) in wanted]
    return data


def official_province_name(item: dict) -> str:
    # The package names a centrally-run city in full ("Thành phố Hà Nội") and a province bare ("Bắc Ninh").
    name = " ".join(item["name"].split())
    if item.get("division_type") == "tỉnh" and not name.casefold().startswith("tỉnh "):
        return f"Tỉnh {name}"
    return name


@dataclass
class LoadResult:
    provinces_created: int = 0
    provinces_updated: int = 0
    communes_created: int = 0
    communes_updated: int = 0
    provinces_total: int = 0
    communes_total: int = 0
    changed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.provinces_created + self.provinces_updated + self.communes_created + self.communes_updated


@transaction.atomic
def load_places(*, actor, province_codes: list[str] | None = None) -> LoadResult:
    """Create or update the official provinces and communes by their code. Idempotent: a second
    run changes nothing and writes no history row. A legacy code already recorded on a unit
    (the package carries none) is kept; names and kinds follow the official list."""
    result = LoadResult()
    divisions = official_divisions(province_codes)
    existing_p = {p.code: p for p in Province.objects.all()}
    new_p, upd_p = [], []
    for item in divisions:
        code, name = province_code(item["code"]), official_province_name(item)
        province = existing_p.get(code)
        if province is None:
            province = Province(code=code, name=name)
            new_p.append(province)
        elif province.name != name:
            province.name = name
            upd_p.append(province)
            result.changed.append(f"{code} {name}")
    if new_p:
        bulk_create_with_history(new_p, Province, default_user=actor, default_change_reason="load_places")
    if upd_p:
        bulk_update_with_history(upd_p, Province, ["name"], default_user=actor, default_change_reason="load_places")
    result.provinces_created, result.provinces_updated = len(new_p), len(upd_p)
    provinces = {p.code: p for p in Province.objects.filter(code__in=[province_code(i["code"]) for i in divisions])}

    existing_c = {c.code: c for c in Commune.objects.all()}
    new_c, upd_c = [], []
    for item in divisions:
        province = provinces[province_code(item["code"])]
        for ward in item["wards"]:
            code = commune_code(ward["code"])
            kind = COMMUNE_KINDS[ward["division_type"]]
            name = strip_kind(ward["name"], COMMUNE_LABELS)
            commune = existing_c.get(code)
            if commune is None:
                new_c.append(Commune(code=code, name=name, kind=kind, province=province))
                continue
            if (commune.name, commune.kind, commune.province_id) != (name, kind, province.pk):
                commune.name, commune.kind, commune.province = name, kind, province
                upd_c.append(commune)
                result.changed.append(f"{code} {name}")
    if new_c:
        bulk_create_with_history(new_c, Commune, batch_size=1000, default_user=actor, default_change_reason="load_places")
    if upd_c:
        bulk_update_with_history(
            upd_c, Commune, ["name", "kind", "province"], batch_size=1000, default_user=actor, default_change_reason="load_places"
        )
    result.communes_created, result.communes_updated = len(new_c), len(upd_c)
    result.provinces_total = len(divisions)
    result.communes_total = sum(len(i["wards"]) for i in divisions)
    return result


def save_area(area: ResidentialArea, *, actor, reason: str = "") -> ResidentialArea:
    """Create or change a khu dân cư: the name is stored without its kind, the search text
    follows, and the change has its history row with the actor."""
    area.name = strip_kind(area.name, ResidentialArea.Kind.labels)
    area.search_text = area_search_text(area)
    area._history_user = actor
    area._change_reason = (reason or "")[:100]
    try:
        area.full_clean()
        area.save()
    finally:
        del area._change_reason
    return area
