"""Errors a user can act on: the CLI prints their message as one line and exits non-zero."""

from __future__ import annotations


class KgError(Exception):
    """An error with a message meant for the user, never a stack trace."""

    exit_code: int = 2


class InputError(KgError):
    """A file kg was given is broken: names the file, the place in it and the reason."""

    def __init__(self, file: str, path: str, reason: str) -> None:
        self.file, self.path, self.reason = file, path, reason
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {reason}")


class Neo4jUnavailable(KgError):
    """Neo4j could not be reached or went away."""

    exit_code = 3


class LauncherError(KgError):
    """The embedded Neo4j could not be started, stopped or found."""

    exit_code = 3


class NotFound(KgError):
    """A work, license or query named by the user does not exist."""
