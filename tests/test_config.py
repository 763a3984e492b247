"""Settings precedence: options > environment > second-chance.toml > defaults."""

from __future__ import annotations

import pytest

from assistant.config import load_settings
from assistant.errors import ConfigError


def test_defaults(home):
    settings = load_settings()
    assert settings.home == home.resolve()
    assert settings.knowledge_dir == home.resolve() / "knowledge"
    assert settings.state_dir == home.resolve() / ".second-chance"
    assert (settings.embeddings, settings.chroma_url, settings.chat_model) == ("local", None, "offline")


def test_toml_then_env_then_option(home, monkeypatch):
    (home / "second-chance.toml").write_text('model = "from-toml"\nknowledge = "notes"\n')
    assert load_settings().chat_model == "from-toml"
    assert load_settings().knowledge_dir == home.resolve() / "notes"
    monkeypatch.setenv("SECOND_CHANCE_MODEL", "from-env")
    assert load_settings().chat_model == "from-env"
    assert load_settings(model="from-option").chat_model == "from-option"


def test_key_or_endpoint_picks_an_openai_model(home, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    assert load_settings().chat_model == "gpt-4o-mini"
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    assert load_settings().chat_model == "gpt-4o-mini"


def test_secret_is_not_printed(home, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-value")
    assert "sk-secret-value" not in repr(load_settings())


def test_home_from_env_and_option(tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("SECOND_CHANCE_HOME", str(other))
    assert load_settings().home == other.resolve()
    assert load_settings(home=tmp_path).home == tmp_path.resolve()


def test_broken_toml_is_a_config_error(home):
    (home / "second-chance.toml").write_text("model = \n")
    with pytest.raises(ConfigError, match=r"second-chance.toml is not valid TOML .*; fix or delete it"):
        load_settings()


def test_workspace_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(ConfigError, match="is a file; point SECOND_CHANCE_HOME at a folder"):
        load_settings(home=tmp_path / "f")


def test_blank_key_and_model_mean_unset(home, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "")
    monkeypatch.setenv("SECOND_CHANCE_MODEL", " ")
    settings = load_settings()
    assert settings.openai_api_key is None
    assert settings.chat_model == "offline"
