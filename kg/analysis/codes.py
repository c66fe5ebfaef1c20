"""Every finding kg reports: its code, severity, where it comes from, and how it reads.

`paper` names the row of ModelGo's Table 2 (seed 000) or the ModelGo-Analyzer report (E/W/N
numbers, shared/reference/modelgo-method.md) each code answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.vocabulary import Severity

ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


@dataclass(frozen=True)
class Code:
    severity: Severity
    paper: str
    template: str  # formatted with work, license, licenses, detail, inputs
    #: its licenses are a set in conflict (sorted, compared as a set), not an ordered pair
    licenses_are_set: bool = False
    #: why no license clause is cited, for a code that rests on none (every other finding cites one)
    uncited: str | None = None


CODES: dict[str, Code] = {
    # registration
    "NO_LICENSE": Code(ERROR, "-", "{work} declares no license and is not derived from anything: all rights are reserved by default", uncited="no license to cite: the work declares none"),
    "UNKNOWN_LICENSE": Code(ERROR, "-", "{work} declares {detail}, which kg cannot resolve to a license it knows", uncited="no clause: kg does not know this license's text"),
    "AMBIGUOUS_LICENSE": Code(ERROR, "-", "{work} declares {detail}, which names a family of licenses, not one license", uncited="no clause: the name covers several licenses"),
    "LICENSE_LIST_AMBIGUOUS": Code(WARNING, "-", "a source lists several licenses for {work} ({detail}) without saying whether all apply or one "
                                   "may be chosen; kg applies all of them, the conservative reading: check which the author meant",
                                   uncited="no clause: how the source lists the licenses"),
    "LICENSE_CHOSEN": Code(NOTICE, "-", "{work} offers a choice ({detail}); kg took {licenses}: the option holding back the fewest rights "
                          "this release and its activities need, then the least restrictive", uncited="no clause: kg's choice among the licenses offered"),
    "LICENSE_TYPE_MISMATCH": Code(WARNING, "Table 2 License Type Mismatch; W1", "{license} is not written for {detail} works like {work}", uncited="no clause: the kinds of work the license is written for (knowledge base)"),
    "COPYLEFT": Code(NOTICE, "Table 2 Copyleft", "{license} of {work} is copyleft"),
    "REVOCABLE": Code(WARNING, "Table 2 Revocable; W2", "{license} of {work} lets the licensor revoke the grant"),
    "POSSIBLY_REVOCABLE": Code(WARNING, "W3", "{license} of {work} does not say its grant is irrevocable"),
    "NOT_PUBLIC": Code(NOTICE, "Table 2 No Public", "{license} of {work} is a vendor's own license, not an open one", uncited="no clause: the license's category (knowledge base)"),
    # determination
    "MULTIPLE_COPYLEFT": Code(ERROR, "Table 2 Multiple Copyleft Licenses", "{work} combines copyleft licenses that cannot be relicensed to one another: {detail}", licenses_are_set=True),
    "LICENSE_CONFLICT": Code(ERROR, "E6", "{work} relies on licenses with no license in common to release it under: {detail}", licenses_are_set=True),
    "GNU_FREEDOM_CONFLICT": Code(ERROR, "E7", "{work} would add restrictions to GNU-licensed material: {licenses} ({detail})", licenses_are_set=True),
    "CC_FREEDOM_CONFLICT": Code(ERROR, "E8", "{work} would add restrictions to ShareAlike Creative Commons material: {licenses} ({detail})", licenses_are_set=True),
    "RELICENSE_BLOCKED": Code(ERROR, "E6", "{work} is assigned {detail}, but {inputs} under {license} may not be relicensed to it"),
    "UNSETTLED_INPUT": Code(ERROR, "-", "the license of {work} cannot be determined: it relies on {inputs}, whose license could not be settled", uncited="no clause: see the findings of the inputs named"),
    "UNSETTLED_AUX_INPUT": Code(WARNING, "-", "{work} was built with {inputs}, whose license could not be settled; kg determined {work} without it, "
                                "so its license may differ if those terms reach what is built with it", uncited="no clause: see the findings of the inputs named"),
    "TERM_UNDEFINED": Code(WARNING, "-", "{license} of {work} does not say what `{detail}` makes of it; kg cannot tell whether its conditions apply"),
    # validation
    "RIGHT_RESERVED": Code(ERROR, "Table 2 Rights Not Granted Error", "{license} of {work} does not grant the right to {detail}"),
    "RIGHT_NOT_GRANTED": Code(WARNING, "Table 2 Rights Not Granted Warning", "{license} of {work} does not explicitly grant the right to {detail}", uncited="no clause: the license does not mention this right"),
    "CANNOT_SHARE": Code(ERROR, "Table 2 Cannot Share; E3", "{license} does not allow sharing {work} as a {detail}"),
    "CANNOT_SUBLICENSE": Code(ERROR, "E4", "{license} of {work} does not allow sublicensing"),
    "NON_COMMERCIAL": Code(ERROR, "E5", "{license} of {work} forbids commercial use"),
    "LLAMA_EXCLUSIVITY": Code(ERROR, "E9", "{work} is improved with outputs of {inputs} under {license}, which forbids improving any other large language model"),
    "DISCLOSE_SOURCE": Code(WARNING, "Table 2 License Disclose Self; W5", "{license} of {work} requires its source to be made available when it is released in {detail} form"),
    "USE_RESTRICTIONS": Code(WARNING, "Table 2 Use Behavioral Restriction; W7", "{license} of {work} restricts how it may be used ({detail}); these bind you and must be passed on"),
    "RUNTIME_RESTRICTIONS": Code(WARNING, "Table 2 Runtime Restriction; W8", "{license} of {work} lets the licensor restrict it at run time ({detail})"),
    "INCLUDE_LICENSE": Code(NOTICE, "Table 2 Include License; N1", "ship the text of {license} with {work}"),
    "INCLUDE_NOTICE": Code(NOTICE, "Table 2 Include Notice; N2", "keep the copyright, attribution and NOTICE files of {work} ({license})"),
    "STATE_CHANGES": Code(NOTICE, "Table 2 State Changes; N3", "state the changes made to {work} ({license})"),
    "IMPACT_REPORT": Code(NOTICE, "N4", "{license} of {work} requires a derivative impact report"),
    "INCLUDE_ORIGINAL": Code(NOTICE, "-", "ship or point to the unmodified original of {work} ({license})"),
    "PASS_USE_RESTRICTIONS": Code(NOTICE, "W7", "bind recipients of {work} to the use restrictions of {license}"),
    "PASS_RUNTIME_RESTRICTIONS": Code(NOTICE, "W8", "bind recipients of {work} to the runtime restrictions of {license}"),
    "ATTRIBUTION_DISPLAY": Code(NOTICE, "-", "display the attribution {license} requires for {work}"),
    "NAME_PREFIX": Code(NOTICE, "-", "{license} requires models derived from {work} to carry its name at the start of theirs"),
    "SHARE_ALIKE": Code(NOTICE, "-", "release what is derived from {work} under {license} or a compatible license"),
    "LICENSE_NOT_DECLARED": Code(WARNING, "-", "{work} declares no license, but is derived from {inputs} under {license}, whose text must go with every copy: declare {license}"),
    "LICENSE_DECLARATION_CONFLICT": Code(WARNING, "-", "sources disagree on the license of {work}: {detail}", uncited="no clause: the sources named disagree"),
    # an error: the method decides the edges and activities, and the milder one may hide a duty
    "DERIVATION_CONFLICT": Code(ERROR, "-", "sources disagree on how {work} was made: {detail}; fix the source that is wrong", uncited="no clause: the sources named disagree"),
}

#: most severe first (the order of Severity), keyed by the spelling stored on findings
SEVERITY_ORDER: dict[str, int] = {severity: rank for rank, severity in enumerate(Severity)}

#: What each duty a license or term names becomes when a release must honour it, and when it binds
#: (assess_release_terms reads this as $duties): `copies` every shipped copy or derivative;
#: `derivatives` only what was changed (a copy has nothing to mark or re-license); `derivative
#: models` only a model made from the work (Llama 3 §1.b.i: a model's name); `object code` when the
#: license asks it of binaries, or wherever a term asks it (AGPL §13: a modified version served).
DUTIES: dict[str, dict[str, str]] = {
    "include_license": {"code": "INCLUDE_LICENSE", "scope": "copies"},
    "include_notice": {"code": "INCLUDE_NOTICE", "scope": "copies"},
    "include_original": {"code": "INCLUDE_ORIGINAL", "scope": "copies"},
    "pass_use_restrictions": {"code": "PASS_USE_RESTRICTIONS", "scope": "copies"},
    "pass_runtime_restrictions": {"code": "PASS_RUNTIME_RESTRICTIONS", "scope": "copies"},
    "attribution_display": {"code": "ATTRIBUTION_DISPLAY", "scope": "copies"},
    "impact_report": {"code": "IMPACT_REPORT", "scope": "derivatives"},
    "state_changes": {"code": "STATE_CHANGES", "scope": "derivatives"},
    "share_alike": {"code": "SHARE_ALIKE", "scope": "derivatives"},
    "name_prefix": {"code": "NAME_PREFIX", "scope": "derivative models"},
    "disclose_source": {"code": "DISCLOSE_SOURCE", "scope": "object code"},
}


def severity(code: str) -> Severity:
    return CODES[code].severity


def message(code: str, work: str, licenses: list[str], detail: str | None, inputs: list[str]) -> str:
    license_ = licenses[0] if licenses else "its license"
    return CODES[code].template.format(
        work=work, license=license_, licenses=", ".join(licenses) or "none", detail=detail or "",
        inputs=", ".join(inputs) or "an input",
    )
