// The playground's worker: the vera compiler (web/compiler, built for wasm32,
// a plain C ABI) and the host of a compiled program, in place of the wasmtime
// host of src/runtime.rs. The page keeps one worker for compiling as you type
// and one for running, which it terminates to stop a program that does not end.
//
// Messages from the page:
//   {op: "init", module}                   the compiler's WebAssembly.Module
//   {op: "compile", id, request}           -> {op: "compiled", id, reply, ms}
//   {op: "run", id, request, options}      -> {op: "output", id, text}*, then
//                                             {op: "done", id, compile, run}
// `request` is what the compiler's `compile` export reads ({files, root, fn,
// args}); `options` are {gcStress, gcVerify, gcStats}.
//
// Everything printed comes from the compiler's own code (vera::values,
// vera::entry): results, float conversions, and the messages of failures and
// traps, so a program prints here exactly what `vera run` prints.

"use strict";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

let compilerModule = null;
let compiler = null; // the compiler instance's exports

function instantiateCompiler() {
  compiler = new WebAssembly.Instance(compilerModule, {}).exports;
}

// ---- calling the compiler -------------------------------------------------

function putBytes(bytes) {
  const ptr = compiler.alloc(bytes.length);
  new Uint8Array(compiler.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

function outputText(len) {
  return decoder.decode(new Uint8Array(compiler.memory.buffer, compiler.output_ptr(), len));
}

// Call an export taking (ptr, len) of UTF-8 or bytes, answering text.
function callWith(fn, bytes) {
  const ptr = putBytes(bytes);
  const len = fn(ptr, bytes.length);
  const text = outputText(len);
  compiler.free(ptr, bytes.length);
  return text;
}

function message(request) {
  return callWith(compiler.message, encoder.encode(JSON.stringify(request)));
}

// A diagnostic for a compiler that trapped: its instance is replaced.
function compilerStopped(request, error) {
  const text = String((error && error.message) || error);
  const stack = isStackExhausted(error) || /out of bounds/i.test(text);
  const d = stack
    ? {
        code: "E014",
        message:
          "This program is nested too deeply for the browser's stack: the compiler ran out of " +
          "stack while compiling it (" + text + "). The command-line compiler grows its stack " +
          "and accepts nesting up to 100,000 levels; a browser allows a few hundred.",
        fix: "Split the expression: bind parts with `let` in a block, or move them into helper functions.",
        spec: "Chapter 4, Section 4.10",
      }
    : {
        code: "E699",
        message: "Internal compiler error: the compiler stopped (" + text + ").",
        fix: "Please report this with the program.",
        spec: "",
      };
  d.severity = "error";
  d.file = request.root;
  d.line = 0;
  d.column = 0;
  d.end_line = 0;
  d.end_column = 0;
  d.rendered = `[${d.code}] Error in ${request.root}:\n\n  ${d.message}\n\n  Fix:\n\n    ${d.fix}\n`;
  return d;
}

function compile(request) {
  const start = performance.now();
  let reply;
  let wasm = null;
  try {
    reply = JSON.parse(callWith(compiler.compile, encoder.encode(JSON.stringify(request))));
    if (reply.ok) {
      wasm = new Uint8Array(compiler.memory.buffer, compiler.wasm_ptr(), compiler.wasm_len()).slice();
    }
  } catch (error) {
    instantiateCompiler();
    reply = { ok: false, diagnostics: [compilerStopped(request, error)] };
  }
  return { reply, wasm, ms: performance.now() - start };
}

// ---- traps ----------------------------------------------------------------

function isStackExhausted(error) {
  const text = String((error && error.message) || error);
  // V8: RangeError "Maximum call stack size exceeded"; SpiderMonkey:
  // InternalError "too much recursion".
  return /call stack size|too much recursion/i.test(text);
}

// The engine's words for a trap, as the runtime names it (vera::entry::Trap).
function trapKind(error) {
  if (typeof WebAssembly.Exception === "function" && error instanceof WebAssembly.Exception) {
    return "uncaught";
  }
  if (isStackExhausted(error)) return "stack";
  const text = String((error && error.message) || error);
  if (/divide by zero|remainder by zero|division by zero/i.test(text)) return "div0";
  if (/integer overflow|unrepresentable/i.test(text)) return "overflow";
  if (/memory access out of bounds|^index out of bounds/i.test(text)) return "oob";
  if (/^unreachable/i.test(text)) return "unreachable";
  return text;
}

// The innermost WASM frame of an error's stack, by function index: V8 writes
// "at f (wasm://wasm/1a2b:wasm-function[7]:0x3c)", SpiderMonkey
// "f@...:wasm-function[7]:0x3c".
function innermostFunction(error, names) {
  const stack = (error && error.stack) || "";
  const m = /wasm-function\[(\d+)\]/.exec(stack);
  if (!m) return null;
  return names[Number(m[1])] || null;
}

// ---- running a program ----------------------------------------------------

// Thrown by a host function that stops the program (vera.fail and friends);
// its message is the runtime's.
class Failure extends Error {}

const OUTPUT_LIMIT = 4 << 20; // characters kept of a program's output

function run(id, request, options) {
  const compiled = compile(request);
  const reply = compiled.reply;
  const summary = {
    ok: reply.ok,
    ms: compiled.ms,
    diagnostics: reply.diagnostics,
    entry: reply.entry || null,
    entry_error: reply.entry_error || null,
  };
  if (!reply.ok) {
    const rendered = reply.diagnostics.map((d) => d.rendered).join("\n");
    return { compile: summary, run: { exit: 1, error: rendered, result: "", ms: 0 } };
  }
  if (reply.entry_error) {
    return { compile: summary, run: { exit: 1, error: reply.entry_error, result: "", ms: 0 } };
  }

  const abi = reply.abi;
  let instance = null;
  let memory = null;
  let failure = null;
  let lastPrinted = null;
  const printDecoder = new TextDecoder();
  let pending = "";
  let kept = 0;
  let truncated = false;
  let lastFlush = performance.now();
  const flush = () => {
    if (pending) postMessage({ op: "output", id, text: pending });
    pending = "";
    lastFlush = performance.now();
  };

  const bytes = () => new Uint8Array(memory.buffer);
  const readString = (ptr) => {
    const view = new DataView(memory.buffer);
    const len = view.getUint32(ptr + abi.string_length, true);
    const start = ptr + abi.string_bytes;
    return decoder.decode(bytes().subarray(start, start + len));
  };
  const newString = (text) => {
    const utf8 = encoder.encode(text);
    const ptr = instance.exports.alloc(utf8.length + abi.string_bytes, 1);
    const view = new DataView(memory.buffer);
    view.setUint32(ptr + abi.string_length, utf8.length, true);
    bytes().set(utf8, ptr + abi.string_bytes);
    return ptr;
  };
  const fail = (text) => {
    failure = text;
    throw new Failure(text);
  };

  const host = {
    print(ptr) {
      // The program's bytes, decoded as one stream: a character cut in two
      // by string_slice and printed in two parts shows as it does in a terminal.
      const view = new DataView(memory.buffer);
      const len = view.getUint32(ptr + abi.string_length, true);
      const start = ptr + abi.string_bytes;
      const raw = bytes().subarray(start, start + len);
      if (len) lastPrinted = raw[len - 1] === 10 ? "\n" : "";
      const text = printDecoder.decode(raw, { stream: true });
      if (kept < OUTPUT_LIMIT) {
        const part = text.slice(0, OUTPUT_LIMIT - kept);
        pending += part;
        kept += part.length;
      } else {
        truncated = true;
      }
      if (pending.length > 65536 || performance.now() - lastFlush > 50) flush();
    },
    fail(ptr) {
      fail(readString(ptr));
    },
    fatal(kind, value) {
      fail(message({ kind: "fatal", fatal: kind, value: value >>> 0 }));
    },
    bounds(fptr, index, len) {
      fail(message({ kind: "bounds", func: readString(fptr), index: String(index), len }));
    },
    float_to_string(v) {
      return newString(outputText(compiler.format_float(v)));
    },
    parse_float64(ptr) {
      const utf8 = encoder.encode(readString(ptr));
      const p = putBytes(utf8);
      const v = compiler.parse_float(p, utf8.length);
      compiler.free(p, utf8.length);
      return v;
    },
  };

  const start = performance.now();
  let exit = 0;
  let error = null;
  let value;
  try {
    const module = new WebAssembly.Module(compiled.wasm);
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      imports[imp.module] = imports[imp.module] || {};
      imports[imp.module][imp.name] = host[imp.name];
    }
    instance = new WebAssembly.Instance(module, imports);
    memory = instance.exports.memory || null;
    const globals = { gc_stress: options.gcStress | 0, gc_verify: options.gcVerify ? 1 : 0 };
    for (const [name, v] of Object.entries(globals)) {
      if (v > 0 && instance.exports[name]) instance.exports[name].value = v;
    }
    const entry = reply.entry;
    const args = entry.args.map((a) => {
      switch (a.type) {
        case "i64":
          return BigInt(a.value);
        case "f64bits":
          return new Float64Array(new BigUint64Array([BigInt(a.value)]).buffer)[0];
        case "str": {
          const p = newString(a.value);
          instance.exports.gc_push(p); // rooted until the call, as runtime.rs does
          return p;
        }
        default:
          return a.value;
      }
    });
    value = instance.exports[entry.name](...args);
  } catch (e) {
    exit = 1;
    if (failure !== null) {
      error = failure;
    } else if (e instanceof Failure) {
      error = e.message;
    } else {
      const kind = trapKind(e);
      error = message({ kind: "trap", trap: kind, func: innermostFunction(e, reply.functions) });
    }
  }
  const ms = performance.now() - start;
  if (kept < OUTPUT_LIMIT) pending += printDecoder.decode(); // an unfinished character
  flush();

  let gcStats = null;
  if (options.gcStats && instance) {
    const g = (name) => (instance.exports[name] ? instance.exports[name].value : 0);
    gcStats = message({
      kind: "gc_stats",
      collections: Number(g("gc_collections")),
      allocated: String(g("gc_allocated")),
      peak: Number(g("gc_peak")) >>> 0,
      pages: memory ? memory.buffer.byteLength / 65536 : 0,
      overflows: Number(g("gc_overflows")),
    });
  }

  let result = "";
  if (exit === 0) {
    const last = lastPrinted === null ? -1 : lastPrinted === "\n" ? 10 : 0;
    result = showResult(reply.entry.result, value, memory, last);
  }
  return {
    compile: summary,
    run: { exit, error, result, gcStats, ms, truncated },
  };
}

// The result as `vera run` prints it (vera::values::show, then
// vera::entry::result_text: on a line of its own after the program's output).
function showResult(kind, value, memory, lastPrinted) {
  let code = 0;
  let bits = 0n;
  if (kind === "i32") {
    code = 1;
    bits = BigInt(value | 0);
  } else if (kind === "i64") {
    code = 2;
    bits = BigInt.asIntN(64, value);
  } else if (kind === "f64") {
    code = 3;
    bits = new BigInt64Array(new Float64Array([value]).buffer)[0];
  }
  let ptr = 0;
  let len = 0;
  if (code === 1 && memory) {
    const mem = new Uint8Array(memory.buffer);
    len = mem.length;
    ptr = putBytes(mem);
  }
  const text = outputText(compiler.show_result(code, bits, ptr, len, lastPrinted));
  if (len) compiler.free(ptr, len);
  return text;
}

// ---- messages ---------------------------------------------------------------

onmessage = (event) => {
  const msg = event.data;
  try {
    if (msg.op === "init") {
      compilerModule = msg.module;
      instantiateCompiler();
      postMessage({ op: "ready" });
    } else if (msg.op === "compile") {
      const { reply, ms } = compile(msg.request);
      postMessage({ op: "compiled", id: msg.id, reply, ms });
    } else if (msg.op === "run") {
      const done = run(msg.id, msg.request, msg.options || {});
      postMessage({ op: "done", id: msg.id, ...done });
    }
  } catch (e) {
    postMessage({ op: "error", id: msg.id, message: String((e && e.stack) || e) });
  }
};
