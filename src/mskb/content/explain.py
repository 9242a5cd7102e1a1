"""Turn pydantic's validation errors into messages that say how to fix the front matter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from mskb.diagnostics import did_you_mean

_EXAMPLES = {
    "list_type": "must be a list: write `[a, b]` or one `- item` per line",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "dict_type": "must be a set of `name: value` pairs",
    "model_type": "must be a set of `name: value` pairs",
    "string_pattern_mismatch": "must be lower-case letters, digits and hyphens, like 'baclofen'",
}


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The (nested) model that holds the field at ``loc``, for listing its allowed keys."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            break
        args = getattr(info.annotation, "__args__", None) or (info.annotation,)
        nested = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is None:
            break
        current = nested
    return current


def explain(exc: ValidationError, model: type[BaseModel]) -> Iterator[tuple[tuple, str]]:
    """Yield ``(loc, message)`` for each error, worded for a contributor."""
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        value = error.get("input")
        # Errors inside a dict key carry a trailing '[key]' marker; point at the key itself.
        loc = tuple(part for part in loc if part != "[key]")
        if kind == "missing":
            field = loc[-1] if loc else "?"
            message = f"required field is missing; add `{field}: ...`"
        elif kind == "extra_forbidden":
            holder = _model_at(model, loc[:-1])
            allowed = list(holder.model_fields)
            message = (
                f"unknown field '{loc[-1]}'{did_you_mean(str(loc[-1]), allowed)}; "
                f"allowed fields are: {', '.join(allowed)}"
            )
        elif kind == "literal_error":
            expected = error["ctx"]["expected"]
            message = f"{value!r} is not allowed{did_you_mean(value, _choices(expected))}; " \
                f"use one of {expected}"
        elif kind in _EXAMPLES:
            message = f"{_EXAMPLES[kind]} (found {value!r})"
        elif kind in ("string_too_short", "too_short"):
            message = ("is empty; fill it in" if not str(value or "").strip()
                       else error["msg"].lower())
        else:
            message = error["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, "):]
        yield loc, message


def _choices(expected: str) -> list[str]:
    return [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]


def field_path(loc: tuple[Any, ...]) -> str:
    """A location such as ``('sources', 1, 'url')`` as a contributor writes it:
    ``sources[1].url``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
