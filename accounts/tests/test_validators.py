"""The phone number check shared by the person's case, the user's account (SMS and Zalo
reminders), the partners and the Excel import."""

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        (" 0912 345 678 ", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("0912\u00a0345\u00a0678", "0912345678"),  # a non-breaking space from Excel
        ("+84 912 345 678", "+84912345678"),
        ("+84-38-123-4567", "+84381234567"),
        ("024 3825 1234", "02438251234"),  # landline: 11 digits
        ("0222 3712 345", "02223712345"),  # the demo partners' numbers
        ("0243825123", "0243825123"),  # landline: 10 digits
        ("", ""),
        ("   ", ""),
    ],
)
def test_a_vietnamese_number_is_kept_in_digits(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "gọi cho tôi",
        "912345678",  # no leading 0
        "84912345678",  # no +
        "091234567",  # 9 digits
        "09123456789",  # 11 digits for a mobile
        "0412345678",  # not a mobile network's prefix
        "+8491234567",  # +84 and 8 digits
        "+840912345678",  # +84 and the national 0
        "024382512345",  # a landline of 12 digits
        "0912 345 678 máy lẻ 2",
        "(0912) 345 678",
    ],
)
def test_anything_else_is_refused_in_vietnamese_naming_the_field(typed):
    with pytest.raises(ValidationError) as refused:
        normalise_phone(typed)
    assert refused.value.messages[0].startswith("Số điện thoại: không đúng dạng số điện thoại Việt Nam.")
