"""The rules files: validated like code, and a new language is a rules file, not code."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import main
from provenance.plumbing.errors import ProvenanceError
from provenance.extraction import engine, language, rules

from conftest import write_source_dir

RULES = Path(rules.__file__).resolve().parents[1] / "rules"
SPANISH = Path(__file__).parent / "data" / "rules"

# es.wikipedia, "Protestas en Kazajistán de 2022" (as mirrored by wikizero.org), CC BY-SA 4.0:
# https://www.wikizero.org/wiki/es/Protestas_en_Kazajist%25C3%25A1n_de_2022
ES_WIKIPEDIA = """Protestas en Kazajistán de 2022
Saldo
Docenas de muertos (según reportes policiales)
• 500 heridos[1]
• 200 detenidos[1]
12 muertos
• 317 heridos (cifras del gobierno)[2][3]
Las protestas en Kazajistán de 2022 estallaron el 2 de enero después de un repentino aumento de los precios del gas que, según el gobierno kazajo, se debió a la alta demanda y la fijación de precios.
"""


def _reload() -> None:
    """Forget every compiled rules file (they are read once per process)."""
    for cached in (rules.read_language, rules._stopwords, language.language_of, engine.rules_version):
        cached.cache_clear()


@pytest.fixture
def rules_path(tmp_path, monkeypatch):
    """A folder on $PROVENANCE_RULES_PATH; the rules are read again with it, and after the test without it."""
    folder = tmp_path / "rules"
    folder.mkdir()
    monkeypatch.setenv("PROVENANCE_RULES_PATH", str(folder))
    _reload()
    yield folder
    monkeypatch.delenv("PROVENANCE_RULES_PATH")
    _reload()


def _english_with(folder: Path, old: str, new: str) -> None:
    text = (RULES / "en.toml").read_text(encoding="utf-8")
    assert old in text
    (folder / "en.toml").write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old,new,message", [
    ("distributive = ", "distributve = ", r"unknown key 'anaphora\.distributve'"),
    ("cue_before = [\"founded in\"", "cue_befor = [\"founded in\"", r"unknown key 'claim\[\d+\]\.cue_befor'"),
    ("[membership]", "[membershp]", r"unknown key 'membershp'"),
    ("window = 45", "window = \"45\"", r"claim\[\d+\]\.window: '45' is not of the expected type"),
    ("attribute = \"killed\"", "attribute = \"kiled\"", r"unknown attribute 'kiled'"),
    ("founded = [", "founde = [", r"unknown attribute 'infobox\.founde'"),
])
def test_a_mistake_in_a_rules_file_is_an_error_naming_file_and_key(rules_path, old, new, message):
    _english_with(rules_path, old, new)
    with pytest.raises(ProvenanceError) as error:
        language.language_of("en")
    assert str(error.value).startswith(f"{rules_path / 'en.toml'}: ")
    assert re.search(message, str(error.value))


def test_the_command_line_stops_with_exit_2_on_a_misspelt_key(rules_path, tmp_path):
    _english_with(rules_path, "distributive = ", "distributve = ")
    folder = write_source_dir(tmp_path, {"a": "The CSTO sent 2,500 troops."}, language="en")
    result = CliRunner().invoke(main, ["extract", "--sources", str(folder), "--out", str(tmp_path / "claims.csv")])
    assert result.exit_code == 2
    assert f"Error: {rules_path / 'en.toml'}: unknown key 'anaphora.distributve'" in result.output
    assert not (tmp_path / "claims.csv").exists()


def test_a_new_language_is_a_rules_file(rules_path):
    shutil.copy(SPANISH / "es.toml", rules_path / "es.toml")
    assert "es" in rules.available_languages()
    assert rules.detect_language(ES_WIKIPEDIA) == "es"
    got = {(c.attribute, str(c.qualifiers), c.value, c.bound)
           for c in engine.extract_claims("es-wp", ES_WIKIPEDIA, "es", "2022-01")}
    assert {("injured", "", "500", "exact"), ("detained", "", "200", "exact"), ("killed", "", "12", "exact"),
            ("injured", "claimant=official", "317", "exact")} <= got
    assert not any(c[2] in ("1", "2", "3") for c in got)  # footnote marks are not figures


def test_the_rules_fingerprint_covers_added_rules_files(rules_path):
    before = engine.rules_version()
    shutil.copy(SPANISH / "es.toml", rules_path / "es.toml")
    _reload()
    assert engine.rules_version() != before


_FUNCTION_WORDS = re.compile(r"\(\?:(?:[a-zà-ÿ]{2,}\|)+[a-zà-ÿ]{2,}\)")


def test_no_word_list_in_the_code():
    """Function words live in the rules files: no `(?:et|and|…)` in any module."""
    found = []
    for path in sorted((RULES.parent).rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _FUNCTION_WORDS.search(line):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert found == []


def test_every_country_has_one_iso_code_and_no_alias_names_two_countries():
    import collections
    import tomllib
    data = tomllib.loads((RULES / "gazetteer.toml").read_text(encoding="utf-8"))
    codes = [c.get("iso", "") for c in data["country"]]
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    assert [c for c, n in collections.Counter(codes).items() if n > 1] == []
    ids = [c["id"] for c in data["country"]]
    assert all(re.fullmatch(r"[a-z]+(?:_[a-z]+)*", i) for i in ids) and len(set(ids)) == len(ids)
    owners = collections.defaultdict(set)
    for c in data["country"]:
        for alias in c.get("aliases", []):
            owners[alias.lower()].add(c["id"])
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}
