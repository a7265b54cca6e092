// Collects the programs of examples/ and tests/programs/ (with the modules
// they import, for extra editor tabs) and their expectation lines into one
// JSON file: the page's example menu and the browser test's corpus.
//
//   node web/tools/programs.mjs > web/dist/programs.json

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// `-- name: value` lines, as tests/corpus.rs reads them.
function expectation(source) {
  const field = (name) => {
    for (const line of source.split("\n")) {
      if (line.startsWith(`-- ${name}:`)) return line.slice(name.length + 4).trim();
    }
    return null;
  };
  const expect = field("expect");
  const args = field("args");
  return {
    expect: expect === null ? null : expect.replaceAll("\\n", "\n"),
    fn: field("fn"),
    args: args ? args.split(/\s+/).filter(Boolean) : [],
    exit: Number(field("exit") || 0),
    stderr: field("stderr"),
  };
}

// The root file and, transitively, every module it imports (a.b -> a/b.vera,
// beside the importer or beside the root, as src/modules.rs looks for them).
function program(dir, name) {
  const files = {};
  const queue = [name];
  while (queue.length) {
    const rel = queue.shift();
    if (files[rel] !== undefined) continue;
    const text = fs.readFileSync(path.join(dir, rel), "utf8");
    files[rel] = text;
    for (const m of text.matchAll(/^import\s+([A-Za-z_][\w.]*)/gm)) {
      const file = m[1].split(".").join("/") + ".vera";
      const beside = path.posix.join(path.posix.dirname(rel), file);
      queue.push(fs.existsSync(path.join(dir, beside)) ? beside : file);
    }
  }
  return files;
}

// The page's blank page, first in its menu.
const programs = [];
{
  const text = fs.readFileSync(path.join(repo, "web/site/main.vera"), "utf8");
  programs.push({ name: "main.vera", group: "new program", root: "main.vera", files: { "main.vera": text }, ...expectation(text) });
}
for (const group of ["examples", "tests/programs"]) {
  const dir = path.join(repo, group);
  const names = fs.readdirSync(dir).filter((f) => f.endsWith(".vera")).sort();
  for (const name of names) {
    const files = program(dir, name);
    programs.push({ name, group, root: name, files, ...expectation(files[name]) });
  }
}
process.stdout.write(JSON.stringify(programs));
