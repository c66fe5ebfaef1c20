// kg review page: plain JavaScript, no build step. It reads only kg's GraphQL API (./graphql) and
// draws lineages with the vendored Cytoscape. Every text from the graph goes into the page through
// textContent (never innerHTML), so a work or license name cannot inject markup.
"use strict";

const ENDPOINT = new URL("graphql", document.baseURI).href;
const SEVERITY_ORDER = { ERROR: 0, WARNING: 1, NOTICE: 2, OK: 3 };
const PAGE = 100;         // the API's largest page by default (KG_API_MAX_PAGE)
const MAX_PAGES = 50;     // at most 5,000 verdicts in the list
const MAX_DEPTH = 50;     // the API's largest lineage depth

const state = {
  verdicts: [], totalVerdicts: 0, selected: null, assessment: null, clause: null,
  filters: { code: "", license: "", status: "" }, cy: null, selectedFinding: null,
};

// ---- GraphQL ------------------------------------------------------------------------------------

async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new Error(`cannot reach the kg API at ${ENDPOINT}: ${error.message}`);
  }
  let body;
  try {
    body = await response.json();
  } catch (error) {
    throw new Error(`the kg API answered HTTP ${response.status} with no GraphQL result`);
  }
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  return body.data;
}

// Finding.clause is new in the API: ask for it only when the server's schema has it, and ask for
// the leaf fields it has (e.g. license, section, text).
async function clauseSelection() {
  const leaf = (t) => { while (t.ofType) t = t.ofType; return t; };
  const data = await gql(`{ __type(name: "Finding") { fields { name type { kind name ofType { kind name ofType { kind name } } } } } }`);
  const field = ((data.__type && data.__type.fields) || []).find((f) => f.name === "clause");
  if (!field) return null;
  const type = leaf(field.type);
  if (type.kind !== "OBJECT") return { selection: "clause", fields: null };
  const sub = await gql(`query T($n: String!) { __type(name: $n) { fields { name type { kind ofType { kind ofType { kind } } } } } }`, { n: type.name });
  const fields = sub.__type.fields.filter((f) => ["SCALAR", "ENUM"].includes(leaf(f.type).kind)).map((f) => f.name);
  return { selection: `clause { ${fields.join(" ")} }`, fields };
}

const OVERVIEW = `{ stats { works releases assessments findings kbVersion
  byFindingCode { code severity count } byLicense { key count } byDeclaredLicense { key count } } }`;

const VERDICTS = `query Verdicts($first: Int!, $after: String) {
  assessments(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { workId policy form status stale errors warnings
      work { name } determinedLicenses { id } findings { code severity licenseIds workId } } } } }`;

const releaseQuery = (clause) => `query Release($workId: String!, $policy: Policy!, $form: Form) {
  assessment(workId: $workId, policy: $policy, form: $form) {
    workId policy form status stale errors warnings kbVersion at
    work { name type depth licenseExpression unknownLicenses }
    determinedLicenses { id name }
    findings { code severity message detail licenseIds workId path paths morePaths ${clause ? clause.selection : ""} } } }`;

const LINEAGE = `query Lineage($workId: String!, $depth: Int!) {
  lineage(workId: $workId, direction: UPSTREAM, depth: $depth) {
    nodes { distance work { id name type licenseExpression unknownLicenses licenses { id } declaredLicenses { licenseId } } }
    edges { source target kind activity } } }`;

const IMPACT = `query Impact($licenseId: String!) {
  impact(licenseId: $licenseId, first: 100) {
    totalWorks releases { workId policy form assessment { status stale } }
    works { distance path work { id } } } }`;

// ---- DOM helpers --------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (id) => document.getElementById(id);
const badge = (status) => el("span", { class: `badge ${status}` }, status);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function licenseChip(id) {
  return el("span", { class: "license", title: `filter by ${id} and show its impact`, onclick: (e) => {
    e.stopPropagation(); setFilter("license", id);
  } }, id);
}

function showProblem(error) {
  const box = $("problem");
  box.hidden = false;
  box.textContent = String(error.message || error);
}

// ---- overview, releases and filters -------------------------------------------------------------

async function loadOverview() {
  const { stats } = await gql(OVERVIEW);
  const tiles = [["works", stats.works], ["releases", stats.releases], ["verdicts", stats.assessments],
                 ["findings", stats.findings], ["KB", stats.kbVersion || "none loaded"]];
  $("tiles").replaceChildren(...tiles.map(([label, value]) => el("span", { class: "tile" }, el("b", {}, value), label)));
  const codes = $("filter-code");
  for (const c of [...stats.byFindingCode].sort((a, b) => a.code.localeCompare(b.code))) {
    codes.append(el("option", { value: c.code }, `${c.code} (${c.severity.toLowerCase()}, ${c.count})`));
  }
  const licenses = new Set([...stats.byLicense, ...stats.byDeclaredLicense].map((c) => c.key));
  const select = $("filter-license");
  for (const id of [...licenses].sort()) select.append(el("option", { value: id }, id));
}

async function loadVerdicts() {
  let after = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { assessments } = await gql(VERDICTS, { first: PAGE, after });
    state.totalVerdicts = assessments.totalCount;
    state.verdicts.push(...assessments.edges.map((e) => e.node));
    if (!assessments.pageInfo.hasNextPage) break;
    after = assessments.pageInfo.endCursor;
  }
  state.verdicts.sort((a, b) => SEVERITY_ORDER[a.status] - SEVERITY_ORDER[b.status]
    || a.workId.localeCompare(b.workId) || a.policy.localeCompare(b.policy) || a.form.localeCompare(b.form));
  // licenses found only in findings (e.g. a copyleft parent's) belong in the filter too
  const select = $("filter-license");
  const known = new Set([...select.options].map((o) => o.value));
  for (const v of state.verdicts) {
    for (const id of [...v.determinedLicenses.map((l) => l.id), ...v.findings.flatMap((f) => f.licenseIds)]) {
      if (!known.has(id)) { known.add(id); select.append(el("option", { value: id }, id)); }
    }
  }
}

function findingMatches(finding) {
  const { code, license } = state.filters;
  return (!code || finding.code === code) && (!license || finding.licenseIds.includes(license));
}

function verdictMatches(v) {
  const { code, license, status } = state.filters;
  if (status && v.status !== status) return false;
  if (code && !v.findings.some((f) => f.code === code && (!license || f.licenseIds.includes(license)))) return false;
  if (license && !code && !v.findings.some((f) => f.licenseIds.includes(license))
      && !v.determinedLicenses.some((l) => l.id === license)) return false;
  return true;
}

const releaseKey = (v) => `${v.workId}|${v.policy}|${v.form}`;

function renderReleases() {
  const shown = state.verdicts.filter(verdictMatches);
  const more = state.totalVerdicts > state.verdicts.length ? ` of ${state.totalVerdicts}` : "";
  $("release-count").textContent = `(${shown.length}${shown.length !== state.verdicts.length ? ` shown of ${state.verdicts.length}` : ""}${more})`;
  const list = $("releases");
  if (!state.verdicts.length) {
    list.replaceChildren(el("li", { class: "muted" }, "No stored verdicts yet: import a manifest with releases and run `kg assess --all`."));
    return;
  }
  list.replaceChildren(...shown.map((v) => el("li", {
    class: state.selected === releaseKey(v) ? "selected" : "", "data-release": releaseKey(v), tabindex: 0,
    onclick: () => selectRelease(v).catch(showProblem),
    onkeydown: (e) => { if (e.key === "Enter") selectRelease(v).catch(showProblem); },
  },
  el("div", {}, badge(v.status), " ", el("span", { class: "id" }, v.workId), v.stale ? [" ", el("span", { class: "badge stale", title: "the KB or the lineage changed since: opening it re-assesses" }, "stale")] : null),
  el("div", { class: "sub" }, `${v.policy.toLowerCase()} · ${v.form.toLowerCase()} · ${plural(v.errors, "error")}, ${plural(v.warnings, "warning")}`))));
  if (!shown.length) list.replaceChildren(el("li", { class: "muted" }, "No release matches the filters."));
}

function setFilter(name, value) {
  state.filters[name] = value;
  $(`filter-${name}`).value = value;
  renderReleases();
  if (state.assessment) renderFindings();
  if (name === "license") loadImpact(value).catch(showProblem);
}

// ---- one release: verdict, lineage graph and findings -------------------------------------------

async function selectRelease(v) {
  state.selected = releaseKey(v);
  history.replaceState(null, "", `#release=${encodeURIComponent(state.selected)}`);
  renderReleases();
  $("release").replaceChildren(el("p", { class: "muted" }, `Loading ${v.workId}…`));
  const { assessment } = await gql(releaseQuery(state.clause), { workId: v.workId, policy: v.policy, form: v.form });
  state.assessment = assessment;
  state.selectedFinding = null;
  // a stale verdict was just re-assessed by the API: the list shows the fresh one
  Object.assign(v, { status: assessment.status, stale: assessment.stale, errors: assessment.errors,
    warnings: assessment.warnings, determinedLicenses: assessment.determinedLicenses, findings: assessment.findings });
  renderReleases();
  renderVerdict();
  renderFindings();
  const depth = Math.min(assessment.work ? assessment.work.depth : 0, MAX_DEPTH);
  const { lineage } = await gql(LINEAGE, { workId: v.workId, depth });
  renderLineage(lineage);
}

function renderVerdict() {
  const a = state.assessment;
  const counts = `${plural(a.errors, "error")}, ${plural(a.warnings, "warning")}`;
  const determined = a.determinedLicenses.length
    ? a.determinedLicenses.map((l) => licenseChip(l.id))
    : el("span", { class: "badge ERROR" }, "none could be determined");
  const facts = [
    ["work", `${a.workId}${a.work && a.work.name ? ` (${a.work.name})` : ""}${a.work && a.work.type ? ` · ${a.work.type.toLowerCase()}` : ""}`],
    ["released as", `${a.policy.toLowerCase()} · ${a.form.toLowerCase()}`],
    ["declared", (a.work && a.work.licenseExpression) || "no license declared"],
    ["carries", determined],
    ["assessed", `${a.at || "?"} with KB ${a.kbVersion || "?"}${a.stale ? " (stale)" : ""}`],
  ];
  if (a.work && a.work.unknownLicenses.length) facts.push(["unresolved", a.work.unknownLicenses.join(", ")]);
  $("release").replaceChildren(
    el("h2", { class: "verdict", id: "verdict" }, badge(a.status), ` ${a.workId} — ${a.policy.toLowerCase()} — ${a.status}: ${counts}`),
    el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
  );
}

function clauseText(clause) {
  if (clause === null || clause === undefined) return null;
  if (typeof clause !== "object") return String(clause);
  const where = [clause.license, clause.section ? `§ ${clause.section}` : null].filter(Boolean).join(" ");
  const rest = Object.entries(clause).filter(([k, v]) => !["license", "section", "text"].includes(k) && v);
  return [where, clause.text ? `“${clause.text}”` : null, ...rest.map(([k, v]) => `${k}: ${v}`)].filter(Boolean).join(" — ");
}

function renderFindings() {
  const all = state.assessment.findings;
  const shown = all.filter(findingMatches);
  $("findings-section").hidden = false;
  $("findings-count").textContent = shown.length === all.length ? `(${all.length})` : `(${shown.length} of ${all.length}, filtered)`;
  if (!all.length) {
    $("findings").replaceChildren(el("li", { class: "muted" }, "No findings: nothing in this lineage stops the release."));
    return;
  }
  $("findings").replaceChildren(...shown.map((f) => {
    const index = all.indexOf(f);
    const clause = clauseText(f.clause);
    const others = f.paths.filter((p) => p.join() !== f.path.join());
    return el("li", {
      class: `finding ${f.severity}${state.selectedFinding === index ? " selected" : ""}`, "data-code": f.code,
      title: "click: highlight its path in the lineage", onclick: () => selectFinding(index),
    },
    el("div", { class: "head" }, badge(f.severity), el("span", { class: "code" }, f.code), "on", el("b", {}, f.workId),
      f.licenseIds.length ? ["·", ...f.licenseIds.map(licenseChip)] : null),
    el("div", { class: "message" }, f.message),
    f.detail ? el("div", { class: "muted" }, f.detail) : null,
    clause ? el("div", { class: "clause" }, el("b", {}, "Clause: "), clause) : null,
    f.path.length ? el("div", { class: "path" }, "path: ", f.path.join(" → ")) : null,
    others.length || f.morePaths ? el("details", {}, el("summary", {}, `${plural(others.length, "other path")}${f.morePaths ? " and more (query the graph for all)" : ""}`),
      others.map((p) => el("div", { class: "path" }, p.join(" → ")))) : null);
  }));
}

function selectFinding(index) {
  state.selectedFinding = state.selectedFinding === index ? null : index;
  renderFindings();
  highlightPath();
}

function nodeLabel(work) {
  const ids = work.licenses.length ? work.licenses.map((l) => l.id)
    : work.declaredLicenses.length ? work.declaredLicenses.map((l) => l.licenseId)
    : work.unknownLicenses.length ? work.unknownLicenses.map((n) => `? ${n}`) : ["no license"];
  return `${work.id}\n${[...new Set(ids)].join(", ")}`;
}

function renderLineage(lineage) {
  const worst = {};   // work id -> the most severe finding on it
  for (const f of state.assessment.findings) {
    if (!(f.workId in worst) || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst[f.workId]]) worst[f.workId] = f.severity;
  }
  const root = state.assessment.workId;
  const elements = [
    ...lineage.nodes.map((n) => ({ group: "nodes", data: { id: n.work.id, label: nodeLabel(n.work) },
      classes: [n.work.id === root ? "root" : "", worst[n.work.id] ? `finding-${worst[n.work.id].toLowerCase()}` : ""].join(" ") })),
    ...lineage.edges.map((e) => ({ group: "edges", data: { id: `${e.source}>${e.target}>${e.kind}`, source: e.source, target: e.target, kind: e.kind },
      classes: e.kind.toLowerCase() })),
  ];
  $("lineage-section").hidden = false;
  if (state.cy) state.cy.destroy();
  state.cy = cytoscape({
    container: $("graph"), elements, minZoom: 0.1, maxZoom: 1.5,
    style: [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "font-size": 10, "text-valign": "bottom",
        "text-margin-y": 4, width: 22, height: 22, "background-color": "#90a4ae", "border-width": 2, "border-color": "#fff" } },
      { selector: "node.root", style: { shape: "round-rectangle", width: 30, height: 30, "background-color": "#1d2733", "font-weight": "bold" } },
      { selector: "node.finding-error", style: { "border-color": "#c62828", "border-width": 5, "background-color": "#ef9a9a" } },
      { selector: "node.finding-warning", style: { "border-color": "#ef8f00", "border-width": 5, "background-color": "#ffe0a3" } },
      { selector: "node.finding-notice", style: { "border-color": "#1565c0", "border-width": 4 } },
      { selector: "edge", style: { width: 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#9aa7b4", "target-arrow-color": "#9aa7b4" } },
      { selector: "edge.sub", style: { "line-style": "dashed" } },
      { selector: "edge.aux", style: { "line-style": "dotted" } },
      { selector: "node.onpath", style: { "overlay-color": "#7b1fa2", "overlay-opacity": 0.2, "overlay-padding": 6, "font-weight": "bold" } },
      { selector: "edge.onpath", style: { "line-color": "#7b1fa2", "target-arrow-color": "#7b1fa2", width: 3.5 } },
    ],
    layout: { name: "breadthfirst", directed: true, roots: [root], spacingFactor: 1.1, padding: 20 },
  });
  state.cy.on("tap", "node", (event) => selectFindingOnWork(event.target.id()));
  renderLineageTable(lineage, worst);
  highlightPath();
}

function selectFindingOnWork(workId) {
  const index = state.assessment.findings.findIndex((f) => f.workId === workId);
  if (index >= 0) selectFinding(index);
}

function renderLineageTable(lineage, worst) {
  const counts = {};
  for (const f of state.assessment.findings) counts[f.workId] = (counts[f.workId] || 0) + 1;
  $("lineage-table").tBodies[0].replaceChildren(...lineage.nodes.map((n) => el("tr", { "data-work": n.work.id },
    el("td", {}, n.work.id), el("td", {}, n.distance),
    el("td", {}, nodeLabel(n.work).split("\n")[1]),
    el("td", {}, counts[n.work.id] ? [badge(worst[n.work.id]), ` ${counts[n.work.id]}`] : "—"))));
}

function highlightPath() {
  if (!state.cy) return;
  state.cy.elements().removeClass("onpath");
  if (state.selectedFinding === null) return;
  const path = state.assessment.findings[state.selectedFinding].path;
  path.forEach((id, i) => {
    state.cy.getElementById(id).addClass("onpath");
    if (i > 0) state.cy.edges().filter((e) => e.data("source") === path[i - 1] && e.data("target") === id).addClass("onpath");
  });
}

// ---- the impact of a license --------------------------------------------------------------------

async function loadImpact(licenseId) {
  const box = $("impact");
  if (!licenseId) { box.replaceChildren(); return; }
  box.replaceChildren(el("p", { class: "muted" }, `Loading the impact of ${licenseId}…`));
  const { impact } = await gql(IMPACT, { licenseId });
  const releases = impact.releases.length
    ? el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "release"), el("th", {}, "policy · form"), el("th", {}, "verdict"))),
      el("tbody", {}, impact.releases.map((r) => el("tr", {}, el("td", {}, r.workId), el("td", {}, `${r.policy.toLowerCase()} · ${r.form.toLowerCase()}`),
        el("td", {}, r.assessment ? [badge(r.assessment.status), r.assessment.stale ? " (stale)" : ""] : "not assessed")))))
    : el("p", { class: "muted" }, "No release relies on it.");
  box.replaceChildren(
    el("p", { id: "impact-summary" }, el("b", {}, licenseId), ` reaches ${plural(impact.totalWorks, "work")} and ${plural(impact.releases.length, "release")}.`),
    releases,
    el("details", {}, el("summary", {}, `Works reached (${impact.works.length}${impact.totalWorks > impact.works.length ? ` of ${impact.totalWorks}` : ""})`),
      impact.works.map((w) => el("div", { class: "impact-path" }, `${w.distance}: ${w.path.join(" → ")}`))),
  );
}

// ---- start --------------------------------------------------------------------------------------

async function main() {
  for (const name of Object.keys(state.filters)) {
    $(`filter-${name}`).addEventListener("change", (e) => setFilter(name, e.target.value));
  }
  state.clause = await clauseSelection();
  await loadOverview();
  await loadVerdicts();
  renderReleases();
  const wanted = decodeURIComponent((location.hash.match(/release=([^&]+)/) || [])[1] || "");
  const first = state.verdicts.find((v) => releaseKey(v) === wanted) || state.verdicts[0];
  if (first) await selectRelease(first);
  else $("release").replaceChildren(el("p", { class: "muted" }, "Nothing to review yet."));
  document.body.dataset.ready = "true";   // for tests and scripts: everything above has loaded
}

window.kgReview = state;
main().catch((error) => { showProblem(error); document.body.dataset.ready = "error"; });
