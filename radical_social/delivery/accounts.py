"""The accounts file: where to publish, kept in the user's config folder; the secrets stay in the
environment (a token in the file is refused).

``~/.config/radical-social/accounts.toml`` on Linux::

    [mastodon]
    url = "https://mastodon.example"
    visibility = "unlisted"    # optional; public by default

    [bluesky]
    handle = "name.bsky.social"
    url = "https://bsky.social"   # optional: the account's PDS; Bluesky's own by default
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from radical_social.delivery import bluesky
from radical_social.delivery.bluesky import BlueskyAccount
from radical_social.delivery.journal import APP_NAME
from radical_social.delivery.mastodon import TOKEN_VARIABLE, VISIBILITIES, MastodonAccount, server_problem
from radical_social.errors import DeliveryError

ACCOUNTS_FILE = "accounts.toml"
_SECRETS = ("token", "password", "app_password")


def default_accounts_path() -> Path:
    """The file in the user's config folder (``~/.config/radical-social/accounts.toml`` on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / ACCOUNTS_FILE


def load_accounts(path: Path | None = None, *,
                  environ: Mapping[str, str] = os.environ) -> list[MastodonAccount | BlueskyAccount]:
    """The accounts in ``path`` (default: the user's file; none when it does not exist), each with its
    secret from ``environ``; ``DeliveryError`` naming every problem, never a secret."""
    source = default_accounts_path() if path is None else path
    if path is None and not source.is_file():
        return []
    data = _read(source)
    problems: list[str] = [f"[{name}]: not a network publishing knows (known: {', '.join(_READERS)})"
                           for name in data if name not in _READERS]
    accounts: list[MastodonAccount | BlueskyAccount] = []
    for name, reader in _READERS.items():
        section = data.get(name)
        if section is None:
            continue
        if not isinstance(section, dict):
            problems.append(f"{name}: must be a table ([{name}] with its keys below it)")
            continue
        account = reader(section, environ, problems)
        if account is not None:
            accounts.append(account)
    if problems:
        heading = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise DeliveryError(f"{source}: {heading}:\n" + "\n".join(f"  - {problem}" for problem in problems))
    return accounts


def _section_problems(name: str, section: dict[str, Any], keys: tuple[str, ...], variable: str) -> list[str]:
    """A section's secrets and unknown keys."""
    return ([f"{name}.{key}: secrets stay in the environment: remove it here and set {variable}"
             for key in section if key in _SECRETS]
            + [f"{name}.{key}: unknown key (known: {', '.join(keys)})" for key in section
               if key not in (*keys, *_SECRETS)])


def _mastodon(section: dict[str, Any], environ: Mapping[str, str], problems: list[str]) -> MastodonAccount | None:
    mine = _section_problems("mastodon", section, ("url", "visibility"), TOKEN_VARIABLE)
    url, visibility = section.get("url"), section.get("visibility", "public")
    if not isinstance(url, str):
        mine.append("mastodon.url: give the server's address, e.g. url = \"https://mastodon.example\"")
    elif server_problem(url):
        mine.append(f"mastodon.url: {server_problem(url)}")
    if visibility not in VISIBILITIES:
        mine.append(f"mastodon.visibility: one of {', '.join(VISIBILITIES)}; got {str(visibility)[:40]!r}")
    token = environ.get(TOKEN_VARIABLE, "")
    if not token.strip():
        mine.append(f"mastodon: set the token in the environment variable {TOKEN_VARIABLE}")
    problems += mine
    return None if mine else MastodonAccount(str(url), token, visibility=str(visibility))


def _bluesky(section: dict[str, Any], environ: Mapping[str, str], problems: list[str]) -> BlueskyAccount | None:
    mine = _section_problems("bluesky", section, ("handle", "url"), bluesky.PASSWORD_VARIABLE)
    handle, url = section.get("handle"), section.get("url", bluesky.DEFAULT_SERVER)
    if not isinstance(handle, str):
        mine.append("bluesky.handle: give the account's handle, e.g. handle = \"name.bsky.social\"")
    elif bluesky.handle_problem(handle.strip().removeprefix("@")):
        mine.append(f"bluesky.handle: {bluesky.handle_problem(handle.strip().removeprefix('@'))}")
    if not isinstance(url, str):
        mine.append(f"bluesky.url: give the server's address (default: {bluesky.DEFAULT_SERVER})")
    elif bluesky.server_problem(url):
        mine.append(f"bluesky.url: {bluesky.server_problem(url)}")
    password = environ.get(bluesky.PASSWORD_VARIABLE, "")
    if not password.strip():
        mine.append(f"bluesky: set the app password in the environment variable {bluesky.PASSWORD_VARIABLE}")
    problems += mine
    return None if mine else BlueskyAccount(str(handle), password, str(url))


_READERS: dict[str, Callable[[dict[str, Any], Mapping[str, str], list[str]], MastodonAccount | BlueskyAccount | None]]
_READERS = {"mastodon": _mastodon, "bluesky": _bluesky}


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
