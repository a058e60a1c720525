"""The accounts file: where to publish, kept in the user's config folder; the secrets stay in the
environment (a token in the file is refused).

``~/.config/radical-social/accounts.toml`` on Linux::

    [mastodon]
    url = "https://mastodon.example"
    visibility = "unlisted"    # optional; public by default
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from radical_social.delivery.journal import APP_NAME
from radical_social.delivery.mastodon import TOKEN_VARIABLE, VISIBILITIES, MastodonAccount, server_problem
from radical_social.errors import DeliveryError

ACCOUNTS_FILE = "accounts.toml"
_SECRETS = ("token", "password", "app_password")


def default_accounts_path() -> Path:
    """The file in the user's config folder (``~/.config/radical-social/accounts.toml`` on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / ACCOUNTS_FILE


def load_accounts(path: Path | None = None, *, environ: Mapping[str, str] = os.environ) -> list[MastodonAccount]:
    """The accounts in ``path`` (default: the user's file; none when it does not exist), each with its
    secret from ``environ``; ``DeliveryError`` naming every problem, never a secret."""
    source = default_accounts_path() if path is None else path
    if path is None and not source.is_file():
        return []
    data = _read(source)
    problems: list[str] = [f"[{name}]: not a network publishing knows (known: mastodon)"
                           for name in data if name != "mastodon"]
    accounts = []
    section = data.get("mastodon")
    if section is not None:
        if not isinstance(section, dict):
            problems.append("mastodon: must be a table ([mastodon] with url = …)")
            section = {}
        problems += [f"mastodon.{key}: secrets stay in the environment: remove it here and set {TOKEN_VARIABLE}"
                     for key in section if key in _SECRETS]
        problems += [f"mastodon.{key}: unknown key (known: url, visibility)" for key in section
                     if key not in ("url", "visibility", *_SECRETS)]
        url, visibility = section.get("url"), section.get("visibility", "public")
        if not isinstance(url, str):
            problems.append("mastodon.url: give the server's address, e.g. url = \"https://mastodon.example\"")
        elif server_problem(url):
            problems.append(f"mastodon.url: {server_problem(url)}")
        if visibility not in VISIBILITIES:
            problems.append(f"mastodon.visibility: one of {', '.join(VISIBILITIES)}; got {str(visibility)[:40]!r}")
        token = environ.get(TOKEN_VARIABLE, "")
        if not token.strip():
            problems.append(f"mastodon: set the token in the environment variable {TOKEN_VARIABLE}")
        if not problems:
            accounts.append(MastodonAccount(str(url), token, visibility=str(visibility)))
    if problems:
        heading = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise DeliveryError(f"{source}: {heading}:\n" + "\n".join(f"  - {problem}" for problem in problems))
    return accounts


def _read(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DeliveryError(f"cannot read the accounts file {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DeliveryError(f"{path}: not valid TOML ({exc})") from None
    return data
