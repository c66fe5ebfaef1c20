"""Values a command option accepts, shared by several commands (typer checks them); forms and
policies are kg.vocabulary's."""

from enum import StrEnum


class TextFormat(StrEnum):
    """How a command prints rows: for a reader, for a program, or as Markdown for a document."""

    table = "table"
    json = "json"
    markdown = "markdown"
