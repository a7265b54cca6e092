// The page's side of the playground, without any user interface: it loads the
// compiler (vera.wasm), keeps a worker that compiles as the program is edited,
// and runs programs in another worker, which `stop` terminates (a program that
// never ends cannot freeze the page). The browser test calls `runProgram` on
// every program of the corpus.

export class Vera {
  static async load(wasmUrl, workerUrl) {
    const response = await fetch(wasmUrl);
    if (!response.ok) throw new Error(`cannot load ${wasmUrl}: ${response.status}`);
    const module = await WebAssembly.compile(await response.arrayBuffer());
    const vera = new Vera(module, workerUrl);
    await vera.compiler.ready;
    return vera;
  }

  constructor(module, workerUrl) {
    this.module = module;
    this.workerUrl = workerUrl;
    this.compiler = new Worker_(this);
    this.runner = null;
    this.nextId = 1;
  }

  // {files, root, fn, args} -> {reply, ms}: the compiler's answer (see
  // web/compiler/src/lib.rs) and the time the compiler took.
  compile(request) {
    return this.compiler.call({ op: "compile", request });
  }

  // Compile and run in the run worker. `onOutput(text)` receives the program's
  // output as it is printed. Returns {done, stop}: `done` resolves to
  // {compile, run, stopped}; `stop()` terminates the worker.
  run(request, options = {}, onOutput = () => {}) {
    if (!this.runner) this.runner = new Worker_(this);
    const runner = this.runner;
    const done = runner.call({ op: "run", request, options }, onOutput);
    const stop = () => {
      if (this.runner === runner) this.runner = null;
      runner.terminate();
    };
    return { done, stop };
  }

  // The corpus test's entry: a program's stdout, stderr and exit code as
  // `vera run` would give them (result on a line of its own after the output,
  // diagnostics or the failure message on stderr after the --gc-stats figures).
  async runProgram({ files, root, fn = null, args = [], gcStress = 0, gcVerify = false, gcStats = false, timeoutMs = 0 }) {
    let stdout = "";
    const { done, stop } = this.run({ files, root, fn, args }, { gcStress, gcVerify, gcStats }, (t) => (stdout += t));
    let timer = null;
    if (timeoutMs > 0) timer = setTimeout(stop, timeoutMs);
    const outcome = await done;
    clearTimeout(timer);
    return programResult(stdout, outcome);
  }
}

export function programResult(stdout, outcome) {
  if (outcome.stopped) {
    return { stdout, stderr: "stopped", exit: -1, stopped: true, compileMs: null, runMs: null };
  }
  const { compile, run } = outcome;
  if (run.result !== "") stdout += run.result + "\n";
  let stderr = run.gcStats || "";
  if (run.error) stderr += run.error + "\n";
  return { stdout, stderr, exit: run.exit, stopped: false, compileMs: compile.ms, runMs: run.ms };
}

// One worker and its pending calls.
class Worker_ {
  constructor(vera) {
    this.vera = vera;
    this.worker = new Worker(vera.workerUrl);
    this.pending = new Map();
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (e) => {
        if (e.data.op === "ready") resolve();
        else this.receive(e.data);
      };
      this.worker.onerror = (e) => {
        reject(new Error(e.message));
        this.failAll(e.message || "the worker failed");
      };
    });
    this.worker.postMessage({ op: "init", module: vera.module });
  }

  call(message, onOutput) {
    const id = this.vera.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, onOutput });
      this.worker.postMessage({ ...message, id });
    });
  }

  receive(msg) {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.op === "output") {
      p.onOutput && p.onOutput(msg.text);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.op === "error") p.resolve({ error: msg.message, compile: null, run: { exit: 1, error: msg.message, result: "" } });
    else p.resolve(msg);
  }

  failAll(message) {
    for (const p of this.pending.values()) p.resolve({ compile: null, run: { exit: 1, error: message, result: "" } });
    this.pending.clear();
  }

  terminate() {
    this.worker.terminate();
    for (const p of this.pending.values()) p.resolve({ stopped: true });
    this.pending.clear();
  }
}
