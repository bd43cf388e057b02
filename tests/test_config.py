"""[tool.alert-i18n]: read, validated, each error naming pyproject.toml and the key's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from alert_i18n.config import Config, load, validate
from alert_i18n.errors import UsageError


def _load(tmp_path: Path, toml: str) -> Config:
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    return load(tmp_path)


def test_defaults_without_pyproject(tmp_path: Path) -> None:
    config = load(tmp_path)
    assert config == Config(root=tmp_path)
    assert (config.source_dir, config.locale_dir, config.build_dir) == (
        tmp_path / "source", tmp_path / "locales", tmp_path / "build")
    assert (config.source_language, config.site_title, config.publish_threshold) == (
        "en", "Alerts", 0.0)


def test_every_key_is_read_and_codes_become_bcp47(tmp_path: Path) -> None:
    config = _load(tmp_path, """
[tool.alert-i18n]
languages = ["fr", "bm_Nkoo"]
source-language = "en"
project = "Watch"
publish-threshold = 50
site-title = "Alertes"
base-url = "https://example.org/alerts/"
[tool.alert-i18n.fallbacks]
bm_Nkoo = ["bm", "fr"]
[tool.alert-i18n.language-names]
bm-Nkoo = "ߓߡߊߣߊ߲ߞߊ߲"
""")
    assert config.languages == ("fr", "bm_Nkoo")
    assert config.project == "Watch" and config.site_title == "Alertes"
    assert config.publish_threshold == 50.0
    assert config.base_url == "https://example.org/alerts/"
    assert config.fallbacks == {"bm-Nkoo": ("bm", "fr")}
    assert config.language_names == {"bm-Nkoo": "ߓߡߊߣߊ߲ߞߊ߲"}
    nko = config.language("bm-Nkoo")
    assert nko.name == "ߓߡߊߣߊ߲ߞߊ߲" and nko.direction == "rtl"
    assert config.fallback_chain(nko) == ("bm", "fr", "en")
    assert config.fallback_chain(config.language("fr")) == ("en",)


@pytest.mark.parametrize(("toml", "line", "words"), [
    ('[tool.alert-i18n]\nlanguages = ["fr"]\nlevl = 3\n', 3, "unknown key 'levl'"),
    ('[tool.alert-i18n]\nsite-titel = "x"\n', 2, "did you mean 'site-title'?"),
    ('[tool.alert-i18n]\n\npublish-threshold = 101\n', 3, "from 0 to 100"),
    ('[tool.alert-i18n]\npublish-threshold = true\n', 2, "from 0 to 100"),
    ('[tool.alert-i18n]\nlanguages = "fr"\n', 2, "must be a list of strings"),
    ('[tool.alert-i18n]\nlanguages = ["xx-!!"]\n', 2, "malformed language code"),
    ('[tool.alert-i18n]\nsite-title = "  "\n', 2, "must not be empty"),
    ('[tool.alert-i18n]\nbase-url = "example.org"\n', 2, "absolute http(s) URL"),
    ('[tool.alert-i18n.fallbacks]\nbm = "fr"\n', 2, "must be a list of strings"),
    ('[tool.alert-i18n]\nlanguages = [\n', 2, "not valid TOML"),
])
def test_a_bad_setting_names_the_file_and_line(tmp_path: Path, toml: str, line: int,
                                               words: str) -> None:
    with pytest.raises(UsageError) as caught:
        _load(tmp_path, toml)
    assert caught.value.path == str(tmp_path / "pyproject.toml")
    assert caught.value.line == line, str(caught.value)
    assert words in caught.value.message


def test_a_misspelt_table_is_named(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\[tool.alert_i18n\] is not read"):
        _load(tmp_path, '[tool.alert_i18n]\nlanguages = ["fr"]\n')


def test_validate_works_on_a_table_alone(tmp_path: Path) -> None:
    config = validate({"source-language": "fr_FR"}, root=tmp_path, where="x")
    assert config.source_language == "fr-FR"
