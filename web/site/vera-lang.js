// Vera syntax colouring for CodeMirror: keywords, slot references (@Int.0),
// types and constructors, strings, numbers, `--` and `{- -}` comments. Only
// colour: the compiler is what checks the program.

import { StreamLanguage } from "@codemirror/language";

const keywords = new Set([
  "fn", "let", "if", "then", "else", "match", "data", "type", "module", "import",
  "public", "private", "requires", "ensures", "invariant", "decreases", "assert",
  "assume", "effect", "handle", "resume", "with", "in", "forall", "where", "pure",
  "op", "old", "new", "effects", "exists", "result",
]);

export const vera = StreamLanguage.define({
  name: "vera",
  startState: () => ({ blockDepth: 0 }),
  token(stream, state) {
    if (state.blockDepth > 0) {
      while (!stream.eol()) {
        if (stream.match("{-")) state.blockDepth++;
        else if (stream.match("-}")) {
          if (--state.blockDepth === 0) break;
        } else stream.next();
      }
      return "comment";
    }
    if (stream.eatSpace()) return null;
    if (stream.match("--")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match("{-")) {
      state.blockDepth = 1;
      return "comment";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^@[A-Za-z_][A-Za-z0-9_]*(?:<[^>]*>)?\.(?:\d+|result)/)) return "variableName.special";
    if (stream.match(/^@[A-Za-z_][A-Za-z0-9_]*/)) return "typeName";
    if (stream.match(/^\d+(?:\.\d+)?/)) return "number";
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/);
    if (word) {
      const w = word[0];
      if (w === "true" || w === "false") return "bool";
      if (keywords.has(w)) return "keyword";
      if (/^[A-Z]/.test(w)) return "typeName";
      return stream.peek() === "(" ? "variableName.function" : "variableName";
    }
    if (stream.match(/^(==>|==|!=|<=|>=|->|\|>|&&|\|\||::|[-+*\/%<>!=|])/)) return "operator";
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "--", block: { open: "{-", close: "-}" } } },
});
