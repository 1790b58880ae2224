#!/usr/bin/env node
// `balena-api-key-wasm`, the command-line tool of this package: list, create,
// update, revoke and rotate balena API keys, and audit the ones that expire.
// `balena-api-key-wasm --help` describes every command; cli/ holds the parts.
import { main } from './cli/main.mjs';

main(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
