"""The shape of one license in the knowledge base (`licenses/<ID>.yaml`).

Every grant, reservation, duty, restriction and term names the clause it rests on (`cite`) and says
in one line, in our words, what that clause means for this field (`note`). The JSON Schema exported
from these models is `licenses/schema.json`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kg.vocabulary import Form, Method, WorkKind

Right = Literal[
    "use", "copy", "modify", "merge", "redistribute", "sublicense",
    "commercial_use", "patent_use", "trademark_use",
]
Category = Literal[
    "public", "proprietary",                        # is the license offered to the public?
    "permissive", "copyleft", "public_domain",      # how it propagates
    "non_commercial", "disclose_source", "auto_relicensing", "behavioural_restrictions",
    "no_derivatives",
]
Result = Literal["duplicate", "derivative", "independent", "undefined"]
Relicense = Literal["yes", "no", "conditional"]
Duty = Literal[
    "include_license",            # give recipients a copy of the license text
    "include_notice",             # keep copyright / attribution / NOTICE files
    "state_changes",              # mark what you changed
    "include_original",           # ship or point to the unmodified original
    "disclose_source",            # make the corresponding source available
    "pass_use_restrictions",      # bind recipients to the same use restrictions
    "pass_runtime_restrictions",  # bind recipients to runtime restrictions (e.g. forced updates)
    "attribution_display",        # a prominent "built with …" display
    "name_prefix",                # derived model names must start with a given name
    "impact_report",              # publish a derivative impact report
    "share_alike",                # derivatives must carry this license (or a compatible one)
]
Coverage = Literal["duplicate", "derivative"]


class Strict(BaseModel):
    # enum fields hold their plain string (what Neo4j and JSON take), defaults included
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, validate_default=True)


class Cited(Strict):
    """A clause reference: the section and a one-line paraphrase in our own words."""

    cite: str = Field(min_length=1, description="Section of the license text, e.g. '2(a)(1)', '§4(d)', 'Attachment A(c)'.")
    note: str = Field(min_length=8, description="What the clause says for this field, paraphrased in one line.")


class Restriction(Cited):
    """A use or runtime restriction the license imposes, and passes on with the work."""

    id: str = Field(pattern=r"^[a-z0-9_]+$", description="Stable identifier, e.g. no_improve_other_llms.")


class Term(Cited):
    """What one activity in one form does under this license.

    `form` is the form of the work that results from the activity (raw weights or source, a
    binary or packaged build, or a hosted service). `result` is what the result is to the
    licensor: a `duplicate` (a copy), a `derivative` (adapted material), `independent` (outside
    the license, e.g. a separate work in an aggregate), or `undefined` (the license is silent).
    """

    activities: list[Method] = Field(min_length=1)
    forms: list[Form] = Field(min_length=1)
    result: Result
    relicense: Relicense | None = Field(
        default=None,
        description="May the result carry another license? yes / no / conditional "
        "(only this license or one in `relicensing.compatible`). Required unless result is undefined.",
    )
    restrictions: list[Duty] = Field(default_factory=list, description="Duties this activity brings.")

    @model_validator(mode="after")
    def _relicense_given(self) -> Term:
        if self.result == "undefined" and self.relicense is not None:
            raise ValueError("an undefined term has no relicense rule")
        if self.result != "undefined" and self.relicense is None:
            raise ValueError(f"a {self.result} term must say whether it may be relicensed (relicense: yes|no|conditional)")
        return self


class Relicensing(Cited):
    """Which licenses a triggered result may carry instead of this one (for `conditional` terms)."""

    compatible: list[str] = Field(default_factory=list, description="KB ids a derivative may be relicensed to.")
    incompatible: list[str] = Field(default_factory=list, description="KB ids it may never be combined into.")


class License(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9.+\-]+$", description="SPDX id where one exists, else a LicenseRef-style id.")
    name: str
    version: str | None = None
    url: str
    spdx: bool = Field(description="Is `id` an SPDX License List identifier?")
    text: str = Field(
        pattern=r"^(shared|scancode|url):.+$",
        description="Where the cited text is: 'shared:<file>' (shared/reference/license-texts), "
        "'scancode:<key>' (ScanCode LicenseDB) or 'url:<address>' when neither holds it.",
    )
    aliases: list[str] = Field(default_factory=list, description="Hub ids and common spellings (matched case-insensitively).")
    kinds: list[WorkKind] = Field(min_length=1, description="The kinds of work the license is written for.")
    categories: list[Category] = Field(min_length=2)
    revocable: Literal["yes", "no", "unstated"] = Field(description="Can the licensor revoke the grant?")
    revocable_cite: Cited
    grants: dict[Right, Cited] = Field(description="Rights the license grants, each with its clause.")
    reserves: dict[Right, Cited] = Field(default_factory=dict, description="Rights it withholds or forbids.")
    coverage: dict[Coverage, Cited] = Field(
        default_factory=dict, description="Which results may be shared: duplicates, derivatives (independent results always may)."
    )
    duties: dict[Duty, Cited] = Field(default_factory=dict, description="Duties on every redistribution of the work.")
    use_restrictions: list[Restriction] = Field(default_factory=list)
    runtime_restrictions: list[Restriction] = Field(default_factory=list)
    relicensing: Relicensing | None = None
    terms: list[Term] = Field(min_length=1)

    @field_validator("categories")
    @classmethod
    def _one_access_one_propagation(cls, categories: list[str]) -> list[str]:
        access = [c for c in categories if c in ("public", "proprietary")]
        propagation = [c for c in categories if c in ("permissive", "copyleft", "public_domain")]
        if len(access) != 1:
            raise ValueError("give exactly one of public / proprietary")
        if len(propagation) != 1:
            raise ValueError("give exactly one of permissive / copyleft / public_domain")
        return categories

    @field_validator("terms")
    @classmethod
    def _every_activity_and_form_once(cls, terms: list[Term]) -> list[Term]:
        # a field validator, so that an error names the field `terms`
        seen: dict[tuple[str, str], int] = {}
        for index, term in enumerate(terms):
            for activity in term.activities:
                for form in term.forms:
                    if (activity, form) in seen:
                        raise ValueError(
                            f"terms[{index}]: ({activity}, {form}) is already defined by terms[{seen[activity, form]}]"
                        )
                    seen[activity, form] = index
        missing = [f"{a}/{f}" for a in Method for f in Form if (a, f) not in seen]
        if missing:
            raise ValueError(f"terms do not cover: {', '.join(missing)} (say `result: undefined` where the license is silent)")
        return terms

    @model_validator(mode="after")
    def _consistent(self) -> License:
        both = set(self.grants) & set(self.reserves)
        if both:
            raise ValueError(f"rights both granted and reserved: {sorted(both)}")
        conditional = any(t.relicense == "conditional" for t in self.terms)
        if conditional and self.relicensing is None:
            raise ValueError("a conditional term needs a `relicensing` section naming the compatible licenses")
        if self.use_restrictions and "behavioural_restrictions" not in self.categories:
            raise ValueError("use_restrictions given: add the category behavioural_restrictions")
        return self
