"""User settings from the config file in the platform's config dir."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

from tui.types import BIDI_CHOICES, LANGUAGES, BidiChoice, Language


class Config(NamedTuple):
    """What a person can set once instead of on every command line."""

    bidi: BidiChoice = "auto"
    lang: Language = "ar"
    harakat: bool | str = "auto"  # "auto": hidden on terminals that cannot draw them


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file."""


def load_config(path: Path) -> Config:
    """The settings in `path`, defaults for what it leaves out; no file means all defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from error
    # Imported only when there is a file to read: most people never write one.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from error
    config = Config()
    bidi = data.get("bidi", config.bidi)
    lang = data.get("lang", config.lang)
    harakat = data.get("harakat", config.harakat)
    if bidi not in BIDI_CHOICES:
        raise ConfigError(f"{path}: bidi must be {', '.join(BIDI_CHOICES)}, not {bidi!r}")
    if lang not in LANGUAGES:
        raise ConfigError(f"{path}: lang must be {', '.join(LANGUAGES)}, not {lang!r}")
    if not isinstance(harakat, bool) and harakat != "auto":
        raise ConfigError(f'{path}: harakat must be true, false or "auto"')
    return Config(bidi, lang, harakat)
