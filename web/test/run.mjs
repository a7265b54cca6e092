// The playground's browser test, headless in Chromium and in Firefox (both
// driven by puppeteer-core: Chromium over CDP, Firefox over WebDriver BiDi).
//
//   node web/test/run.mjs [chromium] [firefox]      (after ./web/build.sh)
//
// For each browser:
// - corpus: every program of examples/ and tests/programs/ (with the modules
//   it imports) compiled and run in the page, normally and under
//   --gc-stress --gc-verify, against its `-- expect:` / `-- exit:` /
//   `-- stderr:` lines (the rules of tests/corpus.rs);
// - compile time of each example (median of 5 compiles after a warm-up);
// - the compiler trapping on a program nested deeper than the browser's stack
//   allows gives a diagnostic, and the next compile works;
// - the page driven as a person would: type a program, see its WAT, click a
//   source line and see the WAT highlighted and back, introduce an error and
//   see it inline, Run and see the output, stop a program that never ends,
//   open a two-file example and run it.
// Screenshots go to web/screenshots/ (Chromium) and web/test/out/; a summary
// with the page's size and the compile times to web/test/out/report.md. The
// last line is `N passed, M failed`; the exit code is 1 on any failure.

import puppeteer from "puppeteer-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(web, "dist");
const outDir = path.join(web, "test", "out");
const shotDir = path.join(web, "screenshots");
fs.mkdirSync(outDir, { recursive: true });
fs.mkdirSync(shotDir, { recursive: true });

const BROWSERS = {
  chromium: {
    launch: () =>
      puppeteer.launch({
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        headless: true,
        args: ["--no-sandbox", "--disable-gpu"],
      }),
  },
  firefox: {
    launch: () =>
      puppeteer.launch({
        browser: "firefox",
        executablePath: process.env.FIREFOX || "/usr/bin/firefox-esr",
        headless: true,
        // Full-precision performance.now(), so that compile times below a
        // millisecond can be measured.
        extraPrefsFirefox: { "privacy.reduceTimerPrecision": false },
      }),
  },
};

let passed = 0;
let failed = 0;
const failures = [];

function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok      ${name}`);
  } else {
    failed++;
    failures.push(name);
    console.log(`FAILED  ${name}${detail ? "\n        " + detail.replaceAll("\n", "\n        ") : ""}`);
  }
  return ok;
}

// ---- a static server for web/dist -------------------------------------------

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
};

function serve() {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dist, path.normalize(rel));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---- the corpus -------------------------------------------------------------------

function judge(p, r) {
  const problems = [];
  if (r.exit !== p.exit) problems.push(`exit code ${r.exit} (want ${p.exit})`);
  if (p.expect !== null && r.stdout.replace(/\n+$/, "") !== p.expect) {
    problems.push(`stdout ${JSON.stringify(r.stdout)} (want ${JSON.stringify(p.expect)})`);
  }
  if (p.stderr !== null && !r.stderr.includes(p.stderr)) {
    problems.push(`stderr ${JSON.stringify(r.stderr)} does not contain ${JSON.stringify(p.stderr)}`);
  }
  if (p.expect === null && p.stderr === null) problems.push("no `-- expect:` or `-- stderr:` line");
  return problems;
}

async function corpus(page, browser, programs) {
  for (const mode of ["normal", "gc_stress"]) {
    const results = await page.evaluate(
      async (programs, stress) => {
        const out = [];
        for (const p of programs) {
          out.push(
            await window.playground.runProgram({
              files: p.files,
              root: p.root,
              fn: p.fn,
              args: p.args,
              gcStress: stress ? 1 : 0,
              gcVerify: stress,
              timeoutMs: 60000,
            }),
          );
        }
        return out;
      },
      programs,
      mode === "gc_stress",
    );
    programs.forEach((p, i) => {
      const problems = judge(p, results[i]);
      check(`${browser} run::${p.name.replace(/\.vera$/, "")}::${mode}`, problems.length === 0, problems.join("\n"));
    });
  }
}

async function compileTimes(page, programs) {
  const examples = programs.filter((p) => p.group === "examples");
  return page.evaluate(async (examples) => {
    const times = {};
    for (const p of examples) {
      const request = { files: p.files, root: p.root, fn: p.fn, args: p.args };
      await window.playground.compile(request); // warm-up
      const ms = [];
      for (let i = 0; i < 5; i++) ms.push((await window.playground.compile(request)).ms);
      ms.sort((a, b) => a - b);
      times[p.name] = ms[2];
    }
    return times;
  }, examples);
}

async function compilerTrap(page, browser) {
  // Nested deeper than a browser's stack allows the compiler (natively, vera
  // compiles this: tests/compiler/deep.rs).
  const depth = 20000;
  const r = await page.evaluate(async (depth) => {
    const deep = "(".repeat(depth) + "1" + ")".repeat(depth);
    const program = `public fn main(@Unit -> @Int)\n  requires(true)\n  ensures(true)\n  effects(pure)\n{\n  ${deep}\n}\n`;
    const a = await window.playground.compile({ files: { "deep.vera": program }, root: "deep.vera" });
    const b = await window.playground.runProgram({
      files: { "ok.vera": program.replace(deep, "41 + 1") },
      root: "ok.vera",
    });
    return { a: a.reply, b };
  }, depth);
  const d = r.a.diagnostics[0] || {};
  check(
    `${browser} compiler::stack_exhausted_is_a_diagnostic`,
    !r.a.ok && d.code === "E014" && /nested too deeply/.test(d.message),
    JSON.stringify(d).slice(0, 400),
  );
  check(`${browser} compiler::works_after_a_trap`, r.b.exit === 0 && r.b.stdout === "42\n", JSON.stringify(r.b));
}

// ---- the page, driven -------------------------------------------------------------

const COINS = `-- typed in by the browser test
private data Coin {
Heads,
Tails(Int)
}

private fn value(@Coin -> @Int)
requires(true)
ensures(@Int.result >= 0)
effects(pure)
{
match @Coin.0 {
Heads -> 1,
Tails(@Int) -> @Int.0 * 2
}
}

public fn main(@Unit -> @Int)
requires(true)
ensures(true)
effects(<IO>)
{
IO.print("the coins are worth\\n");
value(Tails(20)) + value(Heads)
}`;

const SPIN = `private fn spin(@Int -> @Int)
requires(true)
ensures(true)
effects(pure)
{
spin(@Int.0 + 1)
}

public fn main(@Unit -> @Int)
requires(true)
ensures(true)
effects(pure)
{
spin(0)
}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(page, fn, arg, timeout = 15000) {
  const start = Date.now();
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() - start > timeout) return v;
    await sleep(50);
  }
}

// Replace the active editor's text by typing it, as a person would.
async function typeProgram(page, text) {
  await page.click("#source .cm-content");
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

const compiledCount = (page) => page.evaluate(() => Number(document.body.dataset.compiled || 0));

// Wait until the page has compiled the text as it now stands: no compile for
// half a second (edits are compiled 250 ms after the last keystroke).
async function settled(page) {
  let last = -1;
  let since = Date.now();
  const start = Date.now();
  while (Date.now() - start < 20000) {
    const n = await compiledCount(page);
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since > 600) {
      return;
    }
    await sleep(50);
  }
}

// Lines of an editor ("source" or "wat") with the linked highlight.
const linkedLines = (page, pane) =>
  page.evaluate((pane) => [...document.querySelectorAll(`#${pane} .cm-line.linked`)].map((l) => l.textContent), pane);

async function clickLine(page, pane, predicate) {
  const handle = await page.evaluateHandle(
    (pane, source) => {
      const match = new Function("text", "return (" + source + ")(text)");
      return [...document.querySelectorAll(`#${pane} .cm-line`)].find((l) => match(l.textContent)) || null;
    },
    pane,
    predicate.toString(),
  );
  const el = handle.asElement();
  if (!el) return false;
  await el.click();
  return true;
}

async function drive(page, browser, shots) {
  const name = (s) => `${browser} page::${s}`;
  // 1. Start a new program and type it: its WAT appears.
  await page.select("#examples", "0");
  await settled(page);
  const before = await compiledCount(page);
  await typeProgram(page, COINS);
  await waitFor(page, (n) => Number(document.body.dataset.compiled || 0) > n, before);
  await settled(page);
  const wat = await waitFor(page, () => {
    const t = window.playgroundText().wat;
    return t.includes("  ;; fn value(@Coin -> @Int)   -- main.vera:7-16\n  (func $value") ? t : null;
  });
  check(name("typed_program_shows_its_wat"), !!wat, "the WAT pane does not show ;; fn value(@Coin -> @Int)");

  // 2. Click the source line of an arm: the arm's WAT is highlighted.
  await clickLine(page, "source", (t) => t.startsWith("Tails(@Int) -> @Int.0 * 2"));
  const armWat = await waitFor(page, () => {
    const l = [...document.querySelectorAll("#wat .cm-line.linked")].map((l) => l.textContent);
    return l.length ? l : null;
  });
  check(
    name("source_line_highlights_the_wat_arm"),
    !!armWat && armWat[0].includes(";; Tails(@Int)   -- line 14") && armWat.length < 6,
    JSON.stringify(armWat),
  );
  // ... and back: a click on the WAT function's line highlights its source.
  await clickLine(page, "wat", (t) => t.trim().startsWith("(func $value"));
  const fnSource = await waitFor(page, () => {
    const l = [...document.querySelectorAll("#source .cm-line.linked")].map((l) => l.textContent);
    return l.length > 5 ? l : null;
  });
  check(
    name("wat_line_highlights_the_source_function"),
    !!fnSource && fnSource[0].startsWith("private fn value(@Coin -> @Int)") && fnSource.length === 10,
    JSON.stringify(fnSource),
  );
  const watFn = await linkedLines(page, "wat");
  check(name("wat_line_highlights_its_function"), watFn.length > 8 && watFn[0].includes(";; fn value"), JSON.stringify(watFn.slice(0, 3)));

  // 3. Introduce an error: it is shown inline, with its code and fix.
  await clickLine(page, "source", (t) => t.startsWith("Tails(@Int) -> @Int.0 * 2"));
  await page.keyboard.press("End");
  await page.keyboard.type(" + @Int.7");
  await settled(page);
  const inline = await waitFor(page, () => {
    const d = document.querySelector("#source .cm-diagnostic-inline");
    return d ? d.textContent : null;
  });
  check(name("error_shown_inline"), !!inline && inline.includes("E130") && inline.includes("Fix:"), String(inline));
  const underlined = await page.evaluate(() => document.querySelectorAll("#source .cm-lintRange-error").length);
  check(name("error_underlined"), underlined > 0);
  await sleep(300);
  await page.screenshot({ path: shots.diagnostic });
  for (let i = 0; i < " + @Int.7".length; i++) await page.keyboard.press("Backspace");
  await settled(page);
  const cleared = await waitFor(page, () => !document.querySelector("#source .cm-diagnostic-inline") && document.getElementById("status").textContent === "compiled");
  check(name("error_cleared_when_fixed"), !!cleared);

  // 4. Run: the output, the result and the collector's figures.
  await page.evaluate(() => delete document.body.dataset.ran);
  await page.click("#run");
  await waitFor(page, () => document.body.dataset.ran !== undefined);
  const output = await page.evaluate(() => document.getElementById("output").textContent);
  check(
    name("run_shows_output_and_result"),
    output.startsWith("the coins are worth\n41\n") && output.includes("gc: collections"),
    JSON.stringify(output),
  );
  await clickLine(page, "source", (t) => t.startsWith("Tails(@Int) -> @Int.0 * 2"));
  await sleep(200);
  await page.screenshot({ path: shots.run });

  // 5. A program that never ends does not freeze the page, and Stop ends it.
  await typeProgram(page, SPIN);
  await settled(page);
  await page.evaluate(() => delete document.body.dataset.ran);
  await page.click("#run");
  await sleep(1500);
  const alive = await page.evaluate(async () => {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    return { ran: document.body.dataset.ran, waited: performance.now() - t, stop: !document.getElementById("stop").disabled };
  });
  check(name("endless_program_leaves_the_page_responsive"), alive.ran === undefined && alive.waited < 1000 && alive.stop, JSON.stringify(alive));
  await page.click("#stop");
  const stopped = await waitFor(page, () => document.body.dataset.ran === "stopped" && document.getElementById("output").textContent);
  check(name("stop_ends_the_program"), !!stopped && stopped.includes("stopped"), String(stopped));

  // 6. A two-file example from the menu: two tabs, and it runs.
  const value = await page.evaluate(() => [...document.querySelectorAll("#examples option")].find((o) => o.textContent.startsWith("imports.vera")).value);
  await page.select("#examples", value);
  const tabs = await waitFor(page, () => {
    const t = [...document.querySelectorAll("#tabs .tab[data-path]")].map((b) => b.dataset.path);
    return t.length === 2 ? t : null;
  });
  check(name("imports_open_in_tabs"), JSON.stringify(tabs) === JSON.stringify(["imports.vera", "geo/shapes.vera"]), JSON.stringify(tabs));
  await waitFor(page, () => document.getElementById("status").textContent === "compiled");
  await page.evaluate(() => delete document.body.dataset.ran);
  await page.click("#run");
  await waitFor(page, () => document.body.dataset.ran !== undefined);
  const out2 = await page.evaluate(() => document.getElementById("output").textContent);
  check(name("two_file_program_runs"), out2.startsWith("area 26|9|7"), JSON.stringify(out2));
  await page.click('#tabs .tab[data-path="geo/shapes.vera"]');
  const shown = await page.evaluate(() => window.playgroundText());
  check(name("second_tab_shows_the_module"), shown.tab === "geo/shapes.vera" && shown.source.includes("module geo.shapes;"), JSON.stringify(shown.tab));
}

// ---- main -------------------------------------------------------------------------

function pageSize() {
  const rows = [];
  let raw = 0;
  let gz = 0;
  for (const f of fs.readdirSync(dist).sort()) {
    const bytes = fs.readFileSync(path.join(dist, f));
    const z = zlib.gzipSync(bytes, { level: 9 }).length;
    rows.push([f, bytes.length, z]);
    raw += bytes.length;
    gz += z;
  }
  return { rows, raw, gz };
}

async function main() {
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BROWSERS);
  const programs = JSON.parse(fs.readFileSync(path.join(dist, "programs.json"), "utf8"));
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/`;
  const started = Date.now();
  const times = {};
  const versions = {};
  for (const browser of wanted) {
    const t0 = Date.now();
    let b;
    try {
      b = await BROWSERS[browser].launch();
    } catch (e) {
      check(`${browser} launches`, false, String(e));
      continue;
    }
    try {
      versions[browser] = await b.version();
      console.log(`# ${browser}: ${versions[browser]}`);
      const page = await b.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e.message || e)));
      await page.setViewport({ width: 1400, height: 860 });
      await page.goto(url);
      const ready = await waitFor(page, () => document.body.dataset.ready === "true" && !!document.body.dataset.compiled, null, 60000);
      if (!check(`${browser} page::loads`, !!ready, "the page did not become ready")) continue;
      await corpus(page, browser, programs);
      times[browser] = await compileTimes(page, programs);
      await compilerTrap(page, browser);
      await page.goto(url);
      await waitFor(page, () => document.body.dataset.ready === "true" && !!document.body.dataset.compiled, null, 60000);
      const shots =
        browser === "chromium"
          ? { run: path.join(shotDir, "run.png"), diagnostic: path.join(shotDir, "diagnostic.png") }
          : { run: path.join(outDir, `${browser}-run.png`), diagnostic: path.join(outDir, `${browser}-diagnostic.png`) };
      await drive(page, browser, shots);
      check(`${browser} page::no_uncaught_errors`, errors.length === 0, errors.join("\n"));
    } catch (e) {
      check(`${browser} completes`, false, String((e && e.stack) || e));
    } finally {
      await b.close();
    }
    console.log(`# ${browser}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  server.close();

  // The report: the page's size and each example's compile time.
  const size = pageSize();
  let report = `# Playground test report\n\n`;
  for (const [b, v] of Object.entries(versions)) report += `- ${b}: ${v}\n`;
  report += `\n## Page size\n\n| file | bytes | gzip -9 |\n|---|---:|---:|\n`;
  for (const [f, raw, z] of size.rows) report += `| ${f} | ${raw} | ${z} |\n`;
  report += `| **total** | ${size.raw} | ${size.gz} |\n`;
  const browsers = Object.keys(times);
  report += `\n## Compile time in the browser (ms, median of 5 after a warm-up)\n\n| example | ${browsers.join(" | ")} |\n|---|${browsers.map(() => "---:").join("|")}|\n`;
  const names = Object.keys(times[browsers[0]] || {});
  for (const n of names) report += `| ${n} | ${browsers.map((b) => times[b][n].toFixed(2)).join(" | ")} |\n`;
  report += `\n${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`;
  fs.writeFileSync(path.join(outDir, "report.md"), report);
  console.log("\n" + report.trim());
  if (failures.length) console.log("\nfailed:\n  " + failures.join("\n  "));
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log(`\n${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
