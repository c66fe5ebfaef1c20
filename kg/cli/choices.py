"""Values a command option accepts, shared by several commands (typer checks them)."""

from enum import Enum


class Policy(str, Enum):
    personal = "personal"
    share = "share"
    sell = "sell"


class Form(str, Enum):
    raw = "raw"
    binary = "binary"
    saas = "saas"


class TextFormat(str, Enum):
    """How a command prints rows: for a reader, for a program, or as Markdown for a document."""

    table = "table"
    json = "json"
    markdown = "markdown"
