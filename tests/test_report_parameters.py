"""Report parameters are checked before any kernel starts (exit 2, clear messages)."""

from __future__ import annotations

import pytest

from amiris_lab.cli.main import main
from amiris_lab.exceptions import ParameterError
from amiris_lab.i18n import set_language
from amiris_lab.reports import batch as batch_module
from amiris_lab.reports import check_parameters, default_template, template_parameters

DECLARED = {
    "year": {"type": "int", "default": 2019},
    "data_dir": {"type": "str", "default": "../data/demo"},
    "lang": {"type": "str", "default": "fr"},
    "n_boot": {"type": "int", "default": 1000},
    "seed": {"type": "int", "default": 2024},
    "alpha_min": {"type": "float", "default": 0.667},
    "previous_years": {"type": "int", "default": 3},
}
YEARS = [2016, 2017, 2018, 2019]


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("fr")


def test_template_declares_typed_parameters():
    declared = template_parameters(default_template())
    assert {k: (v["type"], v["default"]) for k, v in declared.items()} == {
        k: (v["type"], v["default"]) for k, v in DECLARED.items()
    }


def test_defaults_filled_and_safe_strings_coerced():
    values = check_parameters(
        {"year": "2018", "n_boot": "200", "alpha_min": "0,7"}, declared=DECLARED, years=YEARS
    )
    assert values["year"] == 2018 and isinstance(values["year"], int)
    assert values["n_boot"] == 200 and values["alpha_min"] == pytest.approx(0.7)
    assert values["lang"] == "fr" and values["seed"] == 2024


@pytest.mark.parametrize(
    ("given", "match"),
    [
        (
            {"projekt": 1},
            r"Paramètre inconnu du rapport : 'projekt'\. Paramètres possibles : alpha_min",
        ),
        (
            {"year": "deux mille"},
            r"Le paramètre 'year' du rapport attend un entier ; reçu 'deux mille' \(str\)",
        ),
        ({"year": True}, r"'year' du rapport attend un entier"),
        (
            {"year": 2015},
            r"L'année 2015 est absente des données \(années présentes : 2016, 2017, 2018, 2019\)",
        ),
        ({"lang": "de"}, r"Le paramètre 'lang' du rapport doit valoir 'fr' ou 'en' ; reçu 'de'"),
        ({"n_boot": 0}, r"'n_boot' du rapport doit être au moins 1 ; reçu 0"),
        ({"previous_years": -1}, r"'previous_years' du rapport doit être positif ou nul ; reçu -1"),
        ({"alpha_min": 1.5}, r"'alpha_min' du rapport doit être dans \]0, 1\] ; reçu 1.5"),
        ({"data_dir": 3}, r"'data_dir' du rapport attend un texte ; reçu 3 \(int\)"),
    ],
)
def test_parameter_errors_french(given, match):
    with pytest.raises(ParameterError, match=match):
        check_parameters(given, declared=DECLARED, years=YEARS)


def test_parameter_errors_english(english):
    with pytest.raises(ParameterError, match=r"Year 2015 is not in the data \(years present: 2016"):
        check_parameters({"year": 2015}, declared=DECLARED, years=YEARS)
    with pytest.raises(ParameterError, match=r"Unknown report parameter: 'projekt'"):
        check_parameters({"projekt": 1}, declared=DECLARED, years=YEARS)


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail loudly if a kernel would start."""

    def boom(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr("amiris_lab.reports.execute.execute_notebook", boom)


def test_run_report_checks_before_any_kernel(no_kernel, tmp_path):
    with pytest.raises(ParameterError, match="absente des données"):
        batch_module.run_report(1999, data_dir="demo:", out_dir=tmp_path)
    with pytest.raises(ParameterError, match=r"Paramètre inconnu du rapport : 'projekt'"):
        batch_module.run_report(2019, data_dir="demo:", out_dir=tmp_path, parameters={"projekt": 1})
    with pytest.raises(ParameterError, match=r"Formats possibles : html, pdf, ipynb .* reçu docx"):
        batch_module.run_report(2019, data_dir="demo:", out_dir=tmp_path, formats=("html", "docx"))
    with pytest.raises(ParameterError, match=r"Le dossier de données .*nulle_part n'existe pas"):
        batch_module.run_report(2019, data_dir=tmp_path / "nulle_part", out_dir=tmp_path)
    # a batch checks every year before the first kernel
    with pytest.raises(ParameterError, match="L'année 2021 est absente"):
        batch_module.run_reports([2019, 2021], data_dir="demo:", out_dir=tmp_path, progress=False)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["--year", "2015"], "L'année 2015 est absente des données"),
        (["--year", "abc"], "'year' du rapport attend un entier ; reçu 'abc'"),
        (["--format", "html,docx"], "Formats possibles"),
        (["--year", "2019", "--years", "2016-2019"], "Donnez --year ou --years, pas les deux"),
        (["--n-boot", "beaucoup"], "--n-boot attend un entier ; reçu 'beaucoup'"),
        (["--years", "2019-2016"], "--years attend une année ou une plage"),
    ],
)
def test_cli_parameter_errors_exit_2(no_kernel, tmp_path, capsys, argv, match):
    code = main(["report", "--data", "demo:", "--out", str(tmp_path), *argv])
    assert code == 2
    assert match in capsys.readouterr().err


def test_cli_english_message(no_kernel, tmp_path, capsys):
    code = main(
        ["report", "--data", "demo:", "--out", str(tmp_path), "--year", "2015", "--lang", "en"]
    )
    set_language("fr")
    assert code == 2
    assert "Year 2015 is not in the data" in capsys.readouterr().err
