"""The clinic configuration file."""

from __future__ import annotations

import pytest
from conftest import REPO

from i18n.config import load_config
from i18n.errors import ConfigError


def test_shipped_config():
    config = load_config(REPO / "clinic.yaml")
    assert config.clinic_name == "Liusmed Clinic"
    assert config.source_locale == "en" and "zh-TW" in config.locales
    assert config.paper_for("zh-TW") == "a4" and config.paper_for("en-US") == "letter"
    assert config.paper_for("en-US", override="a4") == "a4"
    assert "PRP" in config.do_not_translate
    assert config.lines["standard_disclaimer"] > 1


def _config(tmp_path, text):
    path = tmp_path / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_malformed_yaml_names_its_line(tmp_path):
    path = _config(tmp_path, "clinic_name: x\nstandard_disclaimer: [unclosed\npaper: a4\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.filename.endswith("clinic.yaml") and info.value.lineno in (2, 3)


def test_unknown_paper_size(tmp_path):
    path = _config(tmp_path, "clinic_name: x\nstandard_disclaimer: y\npaper: a5\n")
    with pytest.raises(ConfigError, match="unknown paper size 'a5'"):
        load_config(path)


def test_missing_setting(tmp_path):
    with pytest.raises(ConfigError, match="missing setting 'clinic_name'"):
        load_config(_config(tmp_path, "standard_disclaimer: y\n"))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "clinic.yaml")
