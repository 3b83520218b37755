import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_str


def test_a_missing_required_variable_stops_start_up_naming_it(monkeypatch):
    monkeypatch.delenv("DH_TEST_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DH_TEST_REQUIRED"):
        env_str("DH_TEST_REQUIRED")


def test_a_malformed_value_stops_start_up_naming_it(monkeypatch):
    monkeypatch.setenv("DH_TEST_INT", "ba")
    with pytest.raises(ImproperlyConfigured, match="DH_TEST_INT"):
        env_int("DH_TEST_INT", 3)
    monkeypatch.setenv("DH_TEST_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DH_TEST_BOOL"):
        env_bool("DH_TEST_BOOL", False)


def test_typed_values_and_defaults(monkeypatch):
    monkeypatch.setenv("DH_TEST_INT", "15")
    monkeypatch.setenv("DH_TEST_BOOL", "yes")
    assert env_int("DH_TEST_INT", 3) == 15
    assert env_bool("DH_TEST_BOOL", False) is True
    monkeypatch.delenv("DH_TEST_INT")
    assert env_int("DH_TEST_INT", 3) == 3


def test_a_local_env_file_fills_only_what_the_environment_does_not_set(tmp_path, monkeypatch):
    from config.env import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("# local\nDH_TEST_A=1\nDH_TEST_B='hai'\n\n", encoding="utf-8")
    monkeypatch.delenv("DH_TEST_A", raising=False)
    monkeypatch.setenv("DH_TEST_B", "from-environment")
    load_dotenv(env_file)
    assert env_int("DH_TEST_A") == 1
    assert env_str("DH_TEST_B") == "from-environment"
    monkeypatch.delenv("DH_TEST_A")


def test_a_malformed_env_file_line_stops_start_up_naming_the_line(tmp_path):
    from config.env import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("JUSTAWORD\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=":1:"):
        load_dotenv(env_file)
