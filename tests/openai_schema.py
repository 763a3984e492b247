"""Validate mocked model bodies against the official OpenAI schemas (tests/fixtures/openai/schemas.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_FILE = Path(__file__).resolve().parent / "fixtures" / "openai" / "schemas.json"
ROOT = "urn:openai-spec"
NAMES = ("CreateChatCompletionResponse", "CreateChatCompletionStreamResponse", "CreateEmbeddingResponse",
         "ErrorResponse")


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one schema of the spec, e.g. CreateChatCompletionResponse."""
    spec = json.loads(SPEC_FILE.read_text())
    registry = Registry().with_resource(ROOT, Resource.from_contents(spec, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"{ROOT}#/components/schemas/{name}"}, registry=registry)


def assert_valid(body: Any, name: str) -> Any:
    """Fail with the first problem if `body` does not match schema `name`; return the body."""
    errors = sorted(validator(name).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top)"
        raise AssertionError(f"mocked body is not a valid {name}: at {where}: {errors[0].message[:300]}")
    return body
