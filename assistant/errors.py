"""Errors that second-chance raises, each with a message that says what to do next.

The tree, and when to catch each:

    SecondChanceError            anything second-chance raises on purpose; the CLI prints it as one line
    ├── UserError                exit 2: the user's input or configuration is wrong
    │   ├── ConfigError          a setting, option or `second-chance.toml` is invalid
    │   ├── KnowledgeError       the knowledge folder is missing or unreadable
    │   ├── NotFoundError        a person, note, file or draft that the user named does not exist
    │   ├── AmbiguousError       a name matches more than one person
    │   ├── IndexStateError      the index is missing, locked by another run, or built by another model
    │   └── TemplateError        a prompt file is missing, malformed or lacks variables
    └── ServiceError             exit 3: the model or index service failed after retries
        ├── ModelError           the chat or embedding model failed, or its output stayed malformed
        ├── IndexServiceError    the Chroma server could not be reached
        └── StoreError           the index on disk is damaged, or the disk is full or read-only

A check that fails is not an error: commands report it and exit 1.
"""

from __future__ import annotations


class SecondChanceError(Exception):
    """Base for every error second-chance raises on purpose."""

    exit_code = 2


class UserError(SecondChanceError):
    """The user's input or configuration is wrong (exit 2)."""


class ConfigError(UserError):
    """A setting, option or configuration file is invalid."""


class KnowledgeError(UserError):
    """The knowledge folder is missing or cannot be read."""


class NotFoundError(UserError):
    """Something the user named does not exist."""


class AmbiguousError(UserError):
    """A name matches more than one candidate."""


class IndexStateError(UserError):
    """The index is missing, locked by another run, or was built with other embeddings."""


class TemplateError(UserError):
    """A prompt template is missing, malformed or does not declare its variables."""


class ServiceError(SecondChanceError):
    """A model or index service failed after retries (exit 3)."""

    exit_code = 3


class ModelError(ServiceError):
    """The model could not be reached, failed, or kept returning malformed output."""


class IndexServiceError(ServiceError):
    """The Chroma server could not be reached."""


class StoreError(ServiceError):
    """The index on disk is damaged, or a file cannot be written (disk full, read-only workspace)."""
