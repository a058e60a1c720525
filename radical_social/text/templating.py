"""The jinja2 environment: a user's template folder first, the built-in templates second.

Built-in templates live in the top-level ``templates/`` folder of the source tree; the wheel
carries them as ``radical_social/templates``. Both places are looked up, so templates work from
an installed wheel, an editable install and a plain checkout alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radical_social.errors import TemplateError
from radical_social.text.counting import gsm7_text

if TYPE_CHECKING:
    import jinja2

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_templates() -> Path:
    """The folder of the built-in templates: inside the package (wheel) or beside it (checkout)."""
    for candidate in (_PACKAGE_DIR / "templates", _PACKAGE_DIR.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError(
        f"the built-in templates are missing (looked in {_PACKAGE_DIR / 'templates'} and "
        f"{_PACKAGE_DIR.parent / 'templates'}); reinstall radical-social"
    )


@lru_cache(maxsize=16)
def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """A cached environment; templates in ``user_templates`` override the built-in ones."""
    import jinja2

    from radical_social.text.compiled import template_cache

    folders = [str(builtin_templates())]
    if user_templates is not None:
        _check_folder(user_templates)
        folders.insert(0, str(user_templates))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=escapes,
        keep_trailing_newline=False,
        auto_reload=False,  # templates do not change while a build runs; saves a stat per render
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=template_cache(),  # compiled once, not on every run
    )
    env.filters["gsm7"] = gsm7
    env.filters["upper_first"] = upper_first
    env.filters["labelled"] = labelled
    return env


_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
_ESCAPED_SUFFIXES = (".html", ".htm", ".xml")


@lru_cache(maxsize=64)  # asked again on every render: cached, it costs a tenth
def escapes(name: str | None) -> bool:
    """Whether a template's values are HTML-escaped: by its real suffix, after ``.j2`` (``x.html.j2``)."""
    if name is None:
        return False
    lowered = name.lower()
    for suffix in _TEMPLATE_SUFFIXES:
        lowered = lowered.removesuffix(suffix)
    return lowered.endswith(_ESCAPED_SUFFIXES)


def overrides(user_templates: Path | None, name: str) -> bool:
    """Whether the folder ``user_templates`` has its own template ``name`` (``TemplateError`` if there
    is no such folder), without loading jinja2."""
    if user_templates is None:
        return False
    _check_folder(user_templates)
    try:
        return Path(user_templates, name).is_file()
    except OSError:  # unreadable: jinja2's loader (os.path.isfile) would pass it by too
        return False


def _check_folder(user_templates: Path) -> None:
    if not Path(user_templates).is_dir():
        raise TemplateError(f"template folder {user_templates} does not exist")


def upper_first(text: object) -> str:
    """The ``upper_first`` filter: ``sabato 16 gennaio`` → ``Sabato 16 gennaio`` at the start of a line
    (jinja's ``capitalize`` would also lower ``January``)."""
    from radical_social.text.words import upper_first as upper

    return upper(str(text))


_FIRST_WORD = re.compile(r"\w+")


def labelled(value: object, label: str) -> str:
    """The ``labelled`` filter: ``"35 €" | labelled("Ingresso: ")`` → ``Ingresso: 35 €``, but a text
    that already starts with the label's word stays as it is (``Ingresso a offerta libera``)."""
    text = str(value)
    first, word = (_FIRST_WORD.match(part) for part in (text, label))
    return text if first and word and first.group().casefold() == word.group().casefold() else label + text


def gsm7(text: object) -> str:
    """The ``gsm7`` filter: ``sáb 16 ene, 18:00–20:30`` → ``sab 16 ene, 18:00-20:30``, for SMS
    (``counting.gsm7_text``)."""
    return gsm7_text(str(text))


@lru_cache(maxsize=16)
def _context_parts(environment: jinja2.Environment) -> tuple[dict[str, Any], Callable[..., jinja2.runtime.Context]]:
    """The environment's globals (range, dict, namespace…) as one plain dict, and jinja2's context maker."""
    from jinja2.runtime import new_context

    return dict(environment.globals), new_context


def get_template(name: str, *, templates: Path | None = None) -> jinja2.Template:
    """A compiled template by name (``invite/description.txt.j2``); ``TemplateError`` if missing."""
    import jinja2

    try:
        return environment(templates).get_template(name)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"no template {name!r} in {templates or 'the built-in templates'}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or name}, line {exc.lineno}: {exc.message}") from exc


def render(name: str, /, *, templates: Path | None = None, **context: Any) -> str:
    """Render a template with ``context``; every jinja2 error becomes a ``TemplateError``."""
    return render_template(get_template(name, templates=templates), context)


def render_template(template: jinja2.Template, context: Mapping[str, Any], /) -> str:
    """Render an already compiled template, translating jinja2's errors.

    The context is handed to jinja2 as one dict (with the environment's globals), not copied into
    a new chain of mappings, and the template's globals are not listed again, for each render
    (``Template.new_context`` does both): this is the hot path of writing posts and feeds.
    """
    variables, new_context = _context_parts(template.environment)
    try:
        live = new_context(template.environment, template.name, template.blocks, {**variables, **context}, shared=True)
        return "".join(template.root_render_func(live))
    except Exception as exc:
        translated = _translated(template, exc)
        if translated is None:
            raise
        raise translated from exc


def _translated(template: jinja2.Template, error: Exception) -> TemplateError | None:
    """A ``TemplateError`` for an error of jinja2's (imported here, once an error happens), else None."""
    import jinja2

    if isinstance(error, jinja2.UndefinedError):
        return TemplateError(f"{template.name}: {error.message}")
    if isinstance(error, jinja2.TemplateError):
        return TemplateError(f"{template.name}: {error}")
    return None
