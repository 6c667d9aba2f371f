"""Sources: bad input is refused with the file and row named, exit 2, nothing written."""
import pytest
from click.testing import CliRunner

from provenance.cli import main

from conftest import write_source_dir


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def assert_refused(result, *words):
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()[-1]
    assert message.startswith("Error: ")
    for w in words:
        assert w in message


def test_missing_file(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    with open(folder / "sources.csv", "a", encoding="utf-8") as f:
        f.write("b,missing.txt,,,,,fr,2022,,\n")
    result = run("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert_refused(result, "sources.csv:3:", "missing.txt")
    assert not (tmp_path / "claims.csv").exists()


def test_non_utf8(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "x"})
    (folder / "a.txt").write_bytes("L'OTSC a été fondée en 1992.".encode("utf-16"))
    result = run("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert_refused(result, "sources.csv:2:", "not UTF-8")
    assert not (tmp_path / "claims.csv").exists()


def test_duplicate_source_id(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    with open(folder / "sources.csv", "a", encoding="utf-8") as f:
        f.write("a,a.txt,,,,,fr,2022,,\n")
    result = run("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert_refused(result, "sources.csv:3:", "duplicate source_id 'a'")


def test_empty_file(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    (folder / "a.txt").write_text("  \n", encoding="utf-8")
    claims = tmp_path / "claims.csv"
    claims.write_text("keep me", encoding="utf-8")
    result = run("extract", "--sources", folder, "--out", claims)
    assert_refused(result, "sources.csv:2:", "empty")
    assert claims.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd"])
def test_path_outside_sources_refused(tmp_path, name):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    with open(folder / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"b,{name},,,,,fr,2022,,\n")
    result = run("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert_refused(result, "sources.csv:3:")


def test_unlisted_file_is_picked_up_with_a_warning(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    (folder / "extra-article.txt").write_text("The CSTO was founded in 2002 and has six members.", encoding="utf-8")
    result = run("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert result.exit_code == 0, result.output
    assert "extra-article.txt" in result.output and "Warning" in result.output
    text = (tmp_path / "claims.csv").read_text(encoding="utf-8")
    assert "extra-article,CSTO,founded" in text


def test_sources_add_and_list(tmp_path):
    article = tmp_path / "Some Article.txt"
    article.write_text("La police a interpellé 9 900 personnes, selon le ministère.", encoding="utf-8")
    folder = tmp_path / "sources"
    result = run("sources", "add", article, "--sources", folder, "--outlet", "AFP", "--published", "2022-01-10")
    assert result.exit_code == 0, result.output
    assert (folder / "some-article.txt").exists()
    manifest = (folder / "sources.csv").read_text(encoding="utf-8")
    assert "some-article,some-article.txt,,,AFP,,fr,2022-01-10" in manifest
    listing = run("sources", "list", "--sources", folder)
    assert "some-article" in listing.output and "AFP" in listing.output
    lines = listing.output.splitlines()
    assert lines[0].split() == ["id", "lang", "published", "outlet", "or", "title"] and lines[-1] == "1 sources"
    assert lines[1].index("fr") == lines[0].index("lang")  # the columns line up under their header
    again = run("sources", "add", article, "--sources", folder)
    assert_refused(again, "already registered: give this source another with --id NEW_ID")


def test_bad_published_date_refused(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("texte", encoding="utf-8")
    assert_refused(run("sources", "add", article, "--sources", tmp_path / "s", "--published", "last week"), "ISO 8601")


def test_symlink_out_of_sources_refused(tmp_path):
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    outside = tmp_path / "secret.txt"
    outside.write_text("secret 1992", encoding="utf-8")
    (folder / "b.txt").symlink_to(outside)
    with open(folder / "sources.csv", "a", encoding="utf-8") as f:
        f.write("b,b.txt,,,,,fr,2022,,\n")
    result = run("extract", "--sources", folder, "--out", tmp_path / "claims.csv")
    assert_refused(result, "sources.csv:3:", "outside")


ARTICLES_IN = {
    "es": "Kazajistán: la OTSC envía tropas\n\nEl presidente de Kazajistán pidió ayuda a la Organización del "
          "Tratado de Seguridad Colectiva, que envió más de 2.500 soldados al país. Según las autoridades, 164 "
          "personas murieron en los disturbios.\n",
    "de": "Kasachstan: Die OVKS schickt Truppen\n\nDer Präsident Kasachstans bat die Organisation des Vertrags "
          "über kollektive Sicherheit um Hilfe, die mehr als 2.500 Soldaten in das Land schickte. Nach Angaben "
          "der Behörden kamen bei den Unruhen 164 Menschen ums Leben.\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(ARTICLES_IN))
def test_a_source_in_a_language_without_rules_is_kept_as_such_and_skipped_with_a_warning_every_run(
        tmp_path, monkeypatch, language):
    """Spanish is recorded as Spanish, German as German: never read with French rules (no claims,
    no word), never a stop of the run; every run names it, and `check` lists it as a warning."""
    from click.testing import CliRunner
    from conftest import SEEDS, csv_rows
    from provenance.cli import main
    import shutil
    shutil.copytree(SEEDS, tmp_path / "sources")
    article = tmp_path / f"{language}.txt"
    article.write_text(ARTICLES_IN[language], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    added = CliRunner().invoke(main, ["sources", "add", str(article)])
    said = f"written in {language!r}, which no rules file reads (rules: en, fr): skipped"
    assert added.exit_code == 0 and f"{article}: {said}" in added.output
    assert [r["language"] for r in csv_rows(tmp_path / "sources" / "sources.csv") if r["source_id"] == language] \
        == [language]
    for plan in ("full:", "quick:"):  # a quick re-run names it as a full run does
        run = CliRunner().invoke(main, ["run", "-v"])
        assert run.exit_code == 0 and run.output.count(said) == 1 and plan in run.output, run.output
    assert not [r for r in csv_rows(tmp_path / "claims.csv") if r["source_id"] == language]
    check = CliRunner().invoke(main, ["check"])
    assert f"warning [unread-language]: {language}: {said}" in check.output


def test_a_manifest_row_in_a_language_without_rules_does_not_stop_the_run(tmp_path):
    from click.testing import CliRunner
    from provenance.cli import main
    folder = write_source_dir(tmp_path, {"a": "L'OTSC a été fondée en 1992."})
    (folder / "ru.txt").write_text("ОДКБ была основана в 1992 году.", encoding="utf-8")
    with open(folder / "sources.csv", "a", encoding="utf-8") as f:
        f.write("ru,ru.txt,,,,,ru,2022-01-08,,\n")
    result = CliRunner().invoke(main, ["extract", "--sources", str(folder), "--out", str(tmp_path / "claims.csv")])
    assert result.exit_code == 0, result.output
    assert "sources.csv:3 (ru): written in 'ru', which no rules file reads" in result.output
    assert "1 read" not in result.output or "claims from 2 sources" in result.output


def test_a_language_that_is_not_a_code_is_bad_input(tmp_path):
    from click.testing import CliRunner
    from provenance.cli import main
    article = tmp_path / "a.txt"
    article.write_text("L'OTSC a été fondée en 1992, selon ce texte assez long pour être lu.", encoding="utf-8")
    result = CliRunner().invoke(main, ["sources", "add", str(article), "--language", "french!",
                                       "--sources", str(tmp_path / "sources")])
    assert result.exit_code == 2 and "'french!' is not a language code" in result.output


def test_a_folder_and_several_files_are_added_at_once(tmp_path):
    from click.testing import CliRunner
    from conftest import SEEDS, csv_rows
    from provenance.cli import main
    folder = tmp_path / "downloads"
    folder.mkdir()
    for name in ("france24-afp.txt", "rt-zas.txt"):
        (folder / name).write_bytes((SEEDS / name).read_bytes())
    (folder / "notes.docx").write_bytes(b"not a source")
    extra = tmp_path / "presstv.txt"
    extra.write_bytes((SEEDS / "presstv-sputnik.txt").read_bytes())
    result = CliRunner().invoke(main, ["sources", "add", str(folder), str(extra), "--sources", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert [r["source_id"] for r in csv_rows(tmp_path / "s" / "sources.csv")] == ["france24-afp", "rt-zas", "presstv"]
    assert result.output.splitlines()[-1] == f"added 3 sources (3 fr) to {tmp_path / 's'}"
    one_id = CliRunner().invoke(main, ["sources", "add", str(folder), "--id", "x", "--sources", str(tmp_path / "t")])
    assert one_id.exit_code == 2 and "--id names one source" in one_id.output
