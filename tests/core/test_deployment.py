"""Production settings and the set-up commands."""

import secrets
import shutil
from pathlib import Path

import pytest

from liandong.documents import fonts, pdf
from tests import processes

ROOT = Path(__file__).resolve().parents[2]


def _production(tmp_path, **extra) -> dict[str, str]:
    return processes.environment(
        tmp_path,
        LIANDONG_ENV="production",
        LIANDONG_SECRET_KEY=secrets.token_urlsafe(60),
        LIANDONG_SM4_KEY=secrets.token_hex(16),
        LIANDONG_SM2_KEY=secrets.token_hex(32),
        LIANDONG_ALLOWED_HOSTS="liandong.example.gov.cn",
        **extra,
    )


@pytest.mark.skipif(
    not (pdf.available() and shutil.which("pdftotext") and fonts.cjk_installed()),
    reason="the deployment check wants LibreOffice, poppler and CJK fonts on the server "
    "(make test installs them when run as root)",
)
def test_production_settings_pass_the_deployment_check(tmp_path):
    result = processes.liandong(
        "check", "--deploy", "--fail-level", "WARNING", env=_production(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_on_a_bare_machine_fails_the_deployment_check_naming_the_packages(tmp_path):
    env = processes.bare_machine(tmp_path / "var")
    env.update({k: v for k, v in _production(tmp_path / "var").items() if k.startswith("LIANDONG")})
    result = processes.liandong("check", "--deploy", env=env)
    assert result.returncode != 0  # documents cannot be issued without their PDF
    assert "documents.E001" in result.stderr and "documents.W003" in result.stderr
    assert "apt-get install --no-install-recommends libreoffice-writer-nogui" in result.stderr
    assert "apt-get install --no-install-recommends fonts-noto-cjk" in result.stderr


def test_production_refuses_to_start_without_its_keys(tmp_path):
    result = processes.liandong(
        "check", env=processes.environment(tmp_path, LIANDONG_ENV="production")
    )
    assert result.returncode != 0
    assert "LIANDONG_SECRET_KEY must be set" in result.stderr


def test_the_demo_loads_twice_without_changing_anything(demo_var):
    first = (demo_var / processes.DEMO_OUTPUT).read_text()
    assert "fin_liaison" in first and "Liandong@2026" in first
    env = processes.bare_machine(demo_var)  # as the first run
    after_first = processes.succeed("audit", "verify", env=env)
    again = processes.succeed("demo", env=env)
    assert again == first
    after_again = processes.succeed("audit", "verify", env=env)
    assert "校验通过" in after_again
    assert after_again == after_first  # the second run appended nothing


def test_no_template_or_stylesheet_loads_anything_from_the_internet():
    sources = [*ROOT.glob("src/liandong/**/templates/**/*.html")]
    sources += [*ROOT.glob("src/liandong/**/static/**/*.css")]
    assert sources
    for path in sources:
        text = path.read_text()
        assert "http://" not in text and "https://" not in text, path
