"""Production settings and the set-up commands."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _liandong(*args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIANDONG_")}
    env.pop("DATABASE_URL", None)
    env.update({"LIANDONG_VAR_DIR": str(tmp_path), **env_extra})
    return subprocess.run(
        [sys.executable, "-m", "liandong.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = _liandong(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "LIANDONG_ENV": "production",
            "LIANDONG_SECRET_KEY": secrets.token_urlsafe(60),
            "LIANDONG_SM4_KEY": secrets.token_hex(16),
            "LIANDONG_SM2_KEY": secrets.token_hex(32),
            "LIANDONG_ALLOWED_HOSTS": "liandong.example.gov.cn",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_keys(tmp_path):
    result = _liandong("check", env_extra={"LIANDONG_ENV": "production"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "LIANDONG_SECRET_KEY must be set" in result.stderr


def test_the_demo_loads_twice_without_changing_anything(tmp_path):
    assert _liandong("migrate", "--noinput", env_extra={}, tmp_path=tmp_path).returncode == 0
    first = _liandong("demo", env_extra={}, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "fin_liaison" in first.stdout and "Liandong@2026" in first.stdout
    after_first = _liandong("audit", "verify", env_extra={}, tmp_path=tmp_path).stdout
    again = _liandong("demo", env_extra={}, tmp_path=tmp_path)
    assert again.returncode == 0
    assert again.stdout == first.stdout
    after_again = _liandong("audit", "verify", env_extra={}, tmp_path=tmp_path).stdout
    assert "校验通过" in after_again
    assert after_again == after_first  # the second run appended nothing


def test_no_template_or_stylesheet_loads_anything_from_the_internet():
    sources = [*ROOT.glob("src/liandong/**/templates/**/*.html")]
    sources += [*ROOT.glob("src/liandong/**/static/**/*.css")]
    assert sources
    for path in sources:
        text = path.read_text()
        assert "http://" not in text and "https://" not in text, path
