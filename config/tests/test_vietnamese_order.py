"""Vietnamese alphabetical order (config.vietnamese.sort_key)."""

from __future__ import annotations

import json

from config.vietnamese import sort_key


def ordered(*names: str) -> list[str]:
    return sorted(names, key=sort_key)


def test_letters_in_the_order_of_the_vietnamese_alphabet():
    # by code point: Biên before Bảo, Ninh before Nếnh, Đ and Ô after Y
    assert ordered("Xã Biên Sơn", "Xã Bảo Đài") == ["Xã Bảo Đài", "Xã Biên Sơn"]
    assert ordered("Phường Ninh Xá", "Phường Nếnh") == ["Phường Nếnh", "Phường Ninh Xá"]
    assert ordered("Yên Phong", "Đào Thị Liên", "Dương Văn Cường", "Ông Văn Ba", "Ngô Thị Hà", "Nguyễn Văn An", "Ơn Thị Ba") == [
        "Dương Văn Cường",
        "Đào Thị Liên",
        "Ngô Thị Hà",
        "Nguyễn Văn An",
        "Ông Văn Ba",
        "Ơn Thị Ba",
        "Yên Phong",
    ]
    # ă and â are letters after a, not an a with a mark: every "an…" comes first
    assert ordered("Ân Thi", "Ăn", "Anh Sơn", "An Lão") == ["An Lão", "Anh Sơn", "Ăn", "Ân Thi"]
    assert ordered("Ưng Hòa", "Uông Bí", "Vân") == ["Uông Bí", "Ưng Hòa", "Vân"]


def test_tones_decide_only_between_the_same_letters_in_the_dictionaries_order():
    assert ordered("ạ", "á", "ã", "ả", "à", "a") == ["a", "à", "ả", "ã", "á", "ạ"]
    # the letters decide first, as in ICU's Vietnamese collation (PostgreSQL "vi-x-icu")
    assert ordered("Hà Nam", "Hạ Long", "Hai Bà Trưng") == ["Hạ Long", "Hà Nam", "Hai Bà Trưng"]
    assert ordered("Tiến", "Tiên") == ["Tiên", "Tiến"]


def test_shorter_words_first_numbers_by_value_and_a_json_safe_key():
    assert ordered("Thôn 10", "Thôn 2", "Thôn Đông", "Thôn") == ["Thôn", "Thôn 2", "Thôn 10", "Thôn Đông"]
    assert ordered("Khu phố", "Khu") == ["Khu", "Khu phố"]
    assert sorted(["ĐÔNG SƠN", "Đông Sơn", "Đông Sơn 2"], key=sort_key) == ["ĐÔNG SƠN", "Đông Sơn", "Đông Sơn 2"]
    assert json.loads(json.dumps(sort_key("Đồng Hành"))) == sort_key("Đồng Hành")
    assert "\x00" not in sort_key("Đồng Hành 2")  # PostgreSQL's jsonb refuses \u0000 (DashboardBuild.data)
    assert sort_key(None) == sort_key("")


def test_a_model_choice_field_in_vietnamese_order_offers_its_options_so(world):
    from django import forms

    from areas.models import ResidentialArea
    from config.forms import in_vietnamese_order

    for code, name in (("VN-Y", "Yên Thế"), ("VN-D", "Đông Sơn 2"), ("VN-B", "Bảo Đài"), ("VN-I", "Biên Sơn")):
        ResidentialArea.objects.create(commune=world.commune, code=code, name=name)
    field = forms.ModelChoiceField(queryset=ResidentialArea.objects.filter(code__startswith="VN-").order_by("name"), empty_label="—")
    field.label_from_instance = lambda area: area.name
    in_vietnamese_order(field)
    assert [label for _value, label in field.choices] == ["—", "Bảo Đài", "Biên Sơn", "Đông Sơn 2", "Yên Thế"]
    assert [label for _value, label in field.widget.choices] == ["—", "Bảo Đài", "Biên Sơn", "Đông Sơn 2", "Yên Thế"]
