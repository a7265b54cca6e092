// The playground page: Vera source in editor tabs on the left (diagnostics
// inline), the WAT the compiler emits on the right, the two linked line to line
// through the regions the compiler reads off its own comments (see
// web/compiler/src/linemap.rs), and a Run button. Compiling and running happen
// in workers (vera.js, worker.js); this file is only the user interface.

import { EditorState, StateEffect, StateField, RangeSetBuilder } from "@codemirror/state";
import {
  EditorView, Decoration, WidgetType, keymap, lineNumbers, highlightActiveLine,
  highlightActiveLineGutter, drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { setDiagnostics, lintGutter } from "@codemirror/lint";
import { wast } from "@codemirror/lang-wast";
import { vera as veraLanguage } from "./vera-lang.js";
import { Vera, programResult } from "./vera.js";

const $ = (id) => document.getElementById(id);

// ---- highlighted lines, inline diagnostics --------------------------------

// Lines to highlight: [{from, to, cls}] with 1-based inclusive line numbers.
const setLinked = StateEffect.define();
const linkedField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setLinked)) {
        const builder = new RangeSetBuilder();
        const lines = new Map();
        for (const r of e.value) {
          for (let l = r.from; l <= r.to && l <= tr.state.doc.lines; l++) {
            if (!lines.has(l)) lines.set(l, r.cls);
          }
        }
        for (const l of [...lines.keys()].sort((a, b) => a - b)) {
          const line = tr.state.doc.line(l);
          builder.add(line.from, line.from, Decoration.line({ class: lines.get(l) }));
        }
        deco = builder.finish();
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

class DiagnosticWidget extends WidgetType {
  constructor(d) {
    super();
    this.d = d;
  }
  eq(other) {
    return other.d === this.d;
  }
  toDOM() {
    const box = document.createElement("div");
    box.className = "cm-diagnostic-inline";
    const head = document.createElement("div");
    head.className = "diag-head";
    const code = document.createElement("span");
    code.className = "diag-code";
    code.textContent = this.d.code;
    head.append(code, " ", this.d.message);
    box.append(head);
    if (this.d.fix) {
      const fix = document.createElement("div");
      fix.className = "diag-fix";
      fix.textContent = "Fix: " + this.d.fix;
      box.append(fix);
    }
    if (this.d.spec) {
      const spec = document.createElement("div");
      spec.className = "diag-spec";
      spec.textContent = "See: " + this.d.spec;
      box.append(spec);
    }
    return box;
  }
}

const setInline = StateEffect.define();
const inlineField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setInline)) {
        const builder = new RangeSetBuilder();
        const sorted = [...e.value].sort((a, b) => a.line - b.line);
        for (const d of sorted) {
          const l = Math.min(Math.max(d.line, 1), tr.state.doc.lines);
          const end = tr.state.doc.line(l).to;
          builder.add(end, end, Decoration.widget({ widget: new DiagnosticWidget(d), block: true, side: 1 }));
        }
        deco = builder.finish();
      }
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

// A 1-based line and column (in characters) as a document position.
function position(doc, line, column) {
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const l = doc.line(line);
  let pos = l.from;
  let chars = 1;
  for (const ch of l.text) {
    if (chars >= column) break;
    pos += ch.length;
    chars++;
  }
  return pos;
}

// ---- the page's state -------------------------------------------------------

const state = {
  vera: null,
  tabs: [], // {path, state}; tabs[0] is the program's root
  active: 0,
  last: null, // the last successful compile reply
  fresh: false, // a program was just opened: show the WAT of its own functions
  compileTimer: null,
  compileSeq: 0,
  running: null, // {stop}
  programs: [],
};

function sourceExtensions() {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightActiveLine(),
    drawSelection(),
    history(),
    bracketMatching(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    veraLanguage,
    lintGutter(),
    linkedField,
    inlineField,
    keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
    EditorView.lineWrapping,
    EditorView.updateListener.of(onSourceUpdate),
  ];
}

const sourceView = new EditorView({ parent: $("source") });
const watView = new EditorView({
  parent: $("wat"),
  state: watState(";; The WebAssembly text of the program appears here."),
});

function watState(text) {
  return EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(),
      highlightActiveLine(),
      drawSelection(),
      EditorState.readOnly.of(true),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      wast(),
      linkedField,
      EditorView.updateListener.of(onWatUpdate),
    ],
  });
}

// ---- tabs -------------------------------------------------------------------

function newTabState(text) {
  return EditorState.create({ doc: text, extensions: sourceExtensions() });
}

function saveActive() {
  if (state.tabs[state.active]) state.tabs[state.active].state = sourceView.state;
}

function openFiles(files, root) {
  const paths = [root, ...Object.keys(files).filter((p) => p !== root).sort()];
  state.tabs = paths.map((path) => ({ path, state: newTabState(files[path]) }));
  state.active = 0;
  state.fresh = true;
  sourceView.setState(state.tabs[0].state);
  renderTabs();
  scheduleCompile(0);
}

function selectTab(i) {
  if (i === state.active) return;
  saveActive();
  state.active = i;
  sourceView.setState(state.tabs[i].state);
  renderTabs();
}

function renderTabs() {
  const bar = $("tabs");
  bar.textContent = "";
  state.tabs.forEach((tab, i) => {
    const b = document.createElement("button");
    b.className = "tab" + (i === state.active ? " active" : "");
    b.dataset.path = tab.path;
    b.textContent = tab.path;
    b.title = i === 0 ? "the program's root file (double-click to rename)" : "an imported module (double-click to rename)";
    b.onclick = () => selectTab(i);
    b.ondblclick = () => renameTab(i);
    if (i > 0) {
      const close = document.createElement("span");
      close.className = "close";
      close.textContent = "×";
      close.title = "close this file";
      close.onclick = (e) => {
        e.stopPropagation();
        closeTab(i);
      };
      b.append(close);
    }
    bar.append(b);
  });
  const add = document.createElement("button");
  add.className = "tab add";
  add.id = "add-tab";
  add.textContent = "+";
  add.title = "add a module file, e.g. geo/shapes.vera for `import geo.shapes(...)`";
  add.onclick = addTab;
  bar.append(add);
}

function addTab() {
  const path = prompt("Path of the new module (import a.b looks for a/b.vera):", "lib/util.vera");
  if (!path) return;
  const module = path.replace(/\.vera$/, "").split("/").join(".");
  saveActive();
  state.tabs.push({ path, state: newTabState(`module ${module};\n\n`) });
  state.active = state.tabs.length - 1;
  sourceView.setState(state.tabs[state.active].state);
  renderTabs();
  scheduleCompile();
}

function renameTab(i) {
  const path = prompt("Rename the file:", state.tabs[i].path);
  if (!path || state.tabs.some((t) => t.path === path)) return;
  state.tabs[i].path = path;
  renderTabs();
  scheduleCompile();
}

function closeTab(i) {
  saveActive();
  state.tabs.splice(i, 1);
  state.active = Math.min(state.active, state.tabs.length - 1);
  if (state.active === i || state.active >= state.tabs.length) state.active = 0;
  sourceView.setState(state.tabs[state.active].state);
  renderTabs();
  scheduleCompile();
}

function files() {
  saveActive();
  const out = {};
  for (const t of state.tabs) out[t.path] = t.state.doc.toString();
  return out;
}

function request() {
  const fn = $("fn").value.trim();
  const args = $("args").value.trim();
  return { files: files(), root: state.tabs[0].path, fn: fn || null, args: args ? args.split(/\s+/) : [] };
}

// ---- compiling as you type --------------------------------------------------

function onSourceUpdate(update) {
  if (update.docChanged) scheduleCompile();
  if (update.selectionSet && !update.docChanged && update.transactions.some((t) => t.isUserEvent("select"))) {
    linkFromSource(update.state.doc.lineAt(update.state.selection.main.head).number);
  }
}

function scheduleCompile(delay = 250) {
  clearTimeout(state.compileTimer);
  state.compileTimer = setTimeout(compileNow, delay);
}

async function compileNow() {
  if (!state.vera) return;
  const seq = ++state.compileSeq;
  const { reply, ms } = await state.vera.compile(request());
  if (seq !== state.compileSeq) return; // a newer edit is on its way
  showDiagnostics(reply.diagnostics);
  const errors = reply.diagnostics.filter((d) => d.severity === "error").length;
  if (reply.ok) {
    state.last = reply;
    const scroll = watView.scrollDOM.scrollTop;
    watView.setState(watState(reply.wat));
    if (state.fresh) {
      // The prelude comes first; the program's own functions are what to read.
      const at = reply.wat.split("\n").findIndex((l) => l.startsWith("  ;; ---- The program"));
      const line = watView.state.doc.line(Math.max(1, at + 1));
      watView.dispatch({ effects: EditorView.scrollIntoView(line.from, { y: "start" }) });
      state.fresh = false;
    } else {
      watView.scrollDOM.scrollTop = scroll;
    }
    $("wat-info").textContent = `${reply.wat.split("\n").length} lines · compiled in ${ms.toFixed(1)} ms`;
    $("wat-pane").classList.remove("stale");
  } else {
    $("wat-pane").classList.add("stale");
    $("wat-info").textContent = `${errors} error${errors === 1 ? "" : "s"} · the text below is from the last program that compiled`;
  }
  showRendered(reply);
  $("status").textContent = reply.ok ? "compiled" : `${errors} error${errors === 1 ? "" : "s"}`;
  $("status").className = reply.ok ? "ok" : "bad";
  document.body.dataset.compiled = String(seq);
}

// While the program does not compile, the output pane shows the diagnostics
// as `vera check` prints them (source line, caret, fix); a run's output stays
// until then.
function showRendered(reply) {
  const out = $("output");
  const shown = out.dataset.diagnostics === "true";
  if (reply.ok && !reply.diagnostics.length) {
    if (shown) {
      out.textContent = "";
      delete out.dataset.diagnostics;
    }
    return;
  }
  if (state.running) return;
  out.textContent = "";
  appendOutput(reply.diagnostics.map((d) => d.rendered).join("\n"), reply.ok ? "gcstats" : "stderr");
  out.dataset.diagnostics = "true";
  out.scrollTop = 0;
  $("run-info").textContent = "";
}

function showDiagnostics(diagnostics) {
  saveActive();
  state.tabs.forEach((tab, i) => {
    const mine = diagnostics.filter((d) => d.file === tab.path || (i === 0 && !state.tabs.some((t) => t.path === d.file)));
    const doc = tab.state.doc;
    const lint = mine.map((d) => {
      const from = position(doc, d.line, d.column);
      let to = d.end_line ? position(doc, d.end_line, d.end_column) : from;
      if (to <= from) to = Math.min(from + 1, doc.length);
      return {
        from,
        to,
        severity: d.severity === "warning" ? "warning" : "error",
        source: d.code,
        message: `[${d.code}] ${d.message}${d.fix ? "\n\nFix: " + d.fix : ""}`,
      };
    });
    const spec = setDiagnostics(tab.state, lint);
    const effects = [].concat(spec.effects || [], setInline.of(mine));
    if (i === state.active) sourceView.dispatch({ effects });
    else tab.state = tab.state.update({ effects }).state;
  });
  saveActive();
  // Tabs with errors are marked.
  for (const b of document.querySelectorAll("#tabs .tab[data-path]")) {
    const path = b.dataset.path;
    b.classList.toggle("has-errors", diagnostics.some((d) => d.file === path && d.severity === "error"));
  }
}

// ---- linking source and WAT -------------------------------------------------

function span(r, key) {
  return r[key][1] - r[key][0];
}

// A click on source line `line` of the active tab: the innermost regions that
// came from it (every instance of a generic function) are highlighted, and
// the functions around them more lightly.
function linkFromSource(line) {
  const reply = state.last;
  if (!reply) return;
  const path = state.tabs[state.active].path;
  const hits = reply.map.filter((r) => r.file === path && r.src[0] <= line && line <= r.src[1]);
  if (!hits.length) return clearLinks();
  const best = Math.min(...hits.map((r) => span(r, "src")));
  const chosen = hits.filter((r) => span(r, "src") === best);
  highlight(chosen, enclosing(reply, chosen), { scrollWat: true });
}

// The function regions around each region (the regions of kind fn, lambda or
// clause whose WAT contains it).
function enclosing(reply, regions) {
  return reply.map.filter(
    (f) => f.kind !== "arm" && f.kind !== "contract" && regions.some((r) => r !== f && f.wat[0] <= r.wat[0] && r.wat[1] <= f.wat[1]),
  );
}

function onWatUpdate(update) {
  if (update.selectionSet && update.transactions.some((t) => t.isUserEvent("select"))) {
    linkFromWat(update.state.doc.lineAt(update.state.selection.main.head).number);
  }
}

// A click on WAT line `line`: the innermost region containing it.
function linkFromWat(line) {
  const reply = state.last;
  if (!reply) return;
  const hits = reply.map.filter((r) => r.wat[0] <= line && line <= r.wat[1]);
  if (!hits.length) return clearLinks();
  const best = Math.min(...hits.map((r) => span(r, "wat")));
  const region = hits.find((r) => span(r, "wat") === best);
  const tab = state.tabs.findIndex((t) => t.path === region.file);
  if (tab >= 0) selectTab(tab);
  highlight([region], enclosing(reply, [region]), { scrollSource: true });
}

// Highlight `regions` on both sides, and `outer` (their functions) lightly.
function highlight(regions, outer, { scrollWat = false, scrollSource = false }) {
  const r0 = regions[0];
  const lines = (key) => [
    ...regions.map((r) => ({ from: r[key][0], to: r[key][1], cls: "linked" })),
    ...outer.map((r) => ({ from: r[key][0], to: r[key][1], cls: "linked-fn" })),
  ];
  watView.dispatch({
    effects: [
      setLinked.of(lines("wat")),
      ...(scrollWat ? [EditorView.scrollIntoView(watView.state.doc.line(r0.wat[0]).from, { y: "center" })] : []),
    ],
  });
  const srcLines = lines("src");
  sourceView.dispatch({
    effects: [
      setLinked.of(srcLines),
      ...(scrollSource ? [EditorView.scrollIntoView(sourceView.state.doc.line(Math.min(r0.src[0], sourceView.state.doc.lines)).from, { y: "center" })] : []),
    ],
  });
  const what = r0.kind === "fn" ? "function" : r0.kind;
  $("link-info").textContent = `${what}: ${r0.label} — ${r0.file}:${r0.src[0]}${r0.src[1] > r0.src[0] ? "-" + r0.src[1] : ""} ↔ WAT ${regions
    .map((r) => `${r.wat[0]}-${r.wat[1]}`)
    .join(", ")}`;
}

function clearLinks() {
  watView.dispatch({ effects: setLinked.of([]) });
  sourceView.dispatch({ effects: setLinked.of([]) });
  $("link-info").textContent = "";
}

// ---- running ----------------------------------------------------------------

function appendOutput(text, cls) {
  const out = $("output");
  const span = document.createElement("span");
  if (cls) span.className = cls;
  span.textContent = text;
  out.append(span);
  out.scrollTop = out.scrollHeight;
}

async function runNow() {
  if (!state.vera || state.running) return;
  $("output").textContent = "";
  delete $("output").dataset.diagnostics;
  $("run").disabled = true;
  $("stop").disabled = false;
  $("run-info").textContent = "running…";
  const stress = $("gc-stress").checked ? Math.max(1, Number($("gc-stress-n").value) || 1) : 0;
  const options = { gcStress: stress, gcVerify: stress > 0, gcStats: $("gc-stats").checked };
  let stdout = "";
  const running = state.vera.run(request(), options, (text) => {
    stdout += text;
    appendOutput(text, "stdout");
  });
  state.running = running;
  const outcome = await running.done;
  state.running = null;
  $("run").disabled = false;
  $("stop").disabled = true;
  const r = programResult(stdout, outcome);
  if (r.stopped) {
    appendOutput("\nstopped: the worker running the program was terminated\n", "stderr");
    $("run-info").textContent = "stopped";
    document.body.dataset.ran = "stopped";
    return;
  }
  const { compile, run } = outcome;
  if (run.result !== "") appendOutput(run.result + "\n", "result");
  if (run.gcStats) appendOutput(run.gcStats, "gcstats");
  if (run.error) appendOutput(run.error + "\n", "stderr");
  if (run.truncated) appendOutput("(output truncated)\n", "gcstats");
  const entry = compile && compile.entry ? compile.entry.signature : "";
  $("run-info").textContent =
    `exit ${run.exit}` +
    (entry ? ` · ${entry}` : "") +
    (compile ? ` · compiled in ${compile.ms.toFixed(1)} ms` : "") +
    (run.ms ? ` · ran in ${run.ms.toFixed(1)} ms` : "");
  $("run-info").className = run.exit === 0 ? "ok" : "bad";
  document.body.dataset.ran = String(run.exit);
}

function stopNow() {
  if (state.running) state.running.stop();
}

// ---- examples -----------------------------------------------------------------

function loadProgram(p) {
  $("fn").value = p.fn || "";
  $("args").value = (p.args || []).join(" ");
  $("output").textContent = "";
  $("run-info").textContent = "";
  clearLinks();
  openFiles(p.files, p.root);
}

async function loadExamples() {
  const response = await fetch("programs.json");
  state.programs = await response.json();
  const select = $("examples");
  const groups = {};
  for (const [i, p] of state.programs.entries()) {
    if (!groups[p.group]) {
      groups[p.group] = document.createElement("optgroup");
      groups[p.group].label = p.group;
      select.append(groups[p.group]);
    }
    const o = document.createElement("option");
    o.value = String(i);
    o.textContent = p.name + (Object.keys(p.files).length > 1 ? ` (${Object.keys(p.files).length} files)` : "");
    groups[p.group].append(o);
  }
  select.onchange = () => loadProgram(state.programs[Number(select.value)]);
}

// ---- start ------------------------------------------------------------------

async function start() {
  $("run").onclick = runNow;
  $("stop").onclick = stopNow;
  for (const id of ["fn", "args"]) $(id).oninput = () => scheduleCompile();
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      runNow();
    }
  });
  const [vera] = await Promise.all([Vera.load("vera.wasm", "worker.js"), loadExamples()]);
  state.vera = vera;
  window.playground = vera; // the browser test's way in (runProgram)
  // ... and what the editors hold (they draw only the lines in view).
  window.playgroundText = () => ({
    source: sourceView.state.doc.toString(),
    wat: watView.state.doc.toString(),
    tab: state.tabs[state.active].path,
  });
  const first = Math.max(0, state.programs.findIndex((p) => p.name === "closures.vera"));

  $("examples").value = String(first);
  loadProgram(state.programs[first]);
  $("status").textContent = "ready";
  document.body.dataset.ready = "true";
}

start().catch((e) => {
  $("status").textContent = "cannot start: " + e.message;
  $("status").className = "bad";
  console.error(e);
});
