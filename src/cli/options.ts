/** Parsing of option values shared by several commands. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { CliError } from './command';

/** `--input '{"a":1}'` or `--input @file.json` (relative to cwd). */
export function parseInputOption(value: string | undefined, cwd: string): unknown {
  if (value === undefined) return undefined;
  let text = value;
  let source = '--input';
  if (value.startsWith('@')) {
    const path = resolve(cwd, value.slice(1));
    source = value.slice(1);
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read the input file ${value.slice(1)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `--var K=V` (repeatable): V is parsed as JSON when it parses (numbers, booleans, objects), else kept as text. */
export function parseVarOptions(values: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of values ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError(`--var expects NAME=VALUE, got "${item}"`);
    const name = item.slice(0, eq);
    const raw = item.slice(eq + 1);
    try {
      out[name] = JSON.parse(raw) as unknown;
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

/** A positive integer option such as `--timeout 5000`. */
export function parsePositiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`${name} expects a positive whole number, got "${value}"`);
  return n;
}

/** `util.parseArgs` with positionals allowed; a mistake (unknown option, missing value) is a CliError (exit 2). */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}
