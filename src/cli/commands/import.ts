/**
 * `workflow import <file>`: converts an n8n workflow, Node-RED flows, a React Flow export, a
 * workflow sessions row, a Glyphic workflow or a LiteGraph/ComfyUI workflow into
 * `*.workflow.json` files (or stdout), and reports what came through (`--json` for tools).
 * Exit codes: 0 imported (lossy or not), 2 unreadable or unusable input, bad arguments, or an
 * output that exists without --force.
 */
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../options';
import {
  formatReport,
  IMPORT_FORMATS,
  ImportError,
  importWorkflows,
  isImportFormat,
  workflowFileName,
  type ImportFormat,
  type ImportOptions,
  type ImportResult,
} from '../../core/importers/index';
import { serializeWorkflow } from '../../core/model/serialize';
import { messageOf } from '../../core/errors';
import { isWorkflowFileName } from '../../shared/workflowFile';

const USAGE = `Usage: workflow import <file> [-o <out.workflow.json | folder/>] [options]

Converts a workflow from another tool into a Workflow Studio file and reports what came
through: counts in → out, how each node type was mapped, every lossy step, and the secrets to
set (credentials are never imported). Node types that have no equivalent keep their original
type and settings; \`workflow validate\` then lists them, and n8n expressions that could not be
converted are kept as written and flagged.

Formats (detected from the content unless --format is given; a file that matches none with
confidence is refused, saying what each format missed):
  n8n         an n8n workflow export: { name, nodes, connections, settings }
  nodered     Node-RED flows (flows.json): a list of tabs and nodes with "wires"
  reactflow   a React Flow toObject() export: { nodes, edges, viewport } (also inside { flow: … })
  sessions    a "workflow sessions" row: { name, nodes, edges, trigger, variables, tags, … }
  glyphic     a Glyphic workflow blob ({ nodes with pos and data.fields, edges }) or its row
  litegraph   a LiteGraph / ComfyUI workflow: { nodes, links } (version 0.4 and 1)

Options:
  -o, --output <path>   write the workflow here (default: print it to stdout); a folder (an
                        existing one, or a path ending in /) gets one file per Node-RED tab
  --format <format>     read the input as this format: ${IMPORT_FORMATS.join(', ')}
  --tab <label or id>   Node-RED: import only this tab
  --name <name>         name of the workflow (default: the source's name, else the file name)
  --json                print the report as JSON on stdout ({ imports: [{ report, output | workflow }] })
  -f, --force           overwrite output files that exist

The report goes to stderr (stdout with --json).
Exit codes: 0 imported, 2 unreadable or unusable input, bad arguments, or existing output.
`;

function formatOption(value: string | undefined): ImportFormat | undefined {
  if (value === undefined) return undefined;
  if (!isImportFormat(value)) throw new CliError(`--format must be one of ${IMPORT_FORMATS.join(', ')}, got "${value}"`);
  return value;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

function readError(file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : messageOf(error);
  return new CliError(`cannot read ${file}: ${reason}`);
}

/** Imports, turning the user's input errors into CLI errors that name the file. */
function importOrExplain(text: string, file: string, options: ImportOptions): ImportResult[] {
  try {
    return importWorkflows(text, options);
  } catch (error) {
    if (error instanceof ImportError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Where each result goes: the -o file, one file per tab in the -o folder, or stdout (undefined). */
async function outputPaths(results: readonly ImportResult[], output: string | undefined, cwd: string): Promise<(string | undefined)[]> {
  if (output === undefined) {
    if (results.length > 1) throw severalTabs(results);
    return [undefined];
  }
  const path = resolve(cwd, output);
  const folder = /[\\/]$/.test(output) || (await isDirectory(path));
  if (!folder) {
    if (results.length > 1) throw severalTabs(results);
    return [path];
  }
  return results.map((result) => join(path, result.tab ? workflowFileName(result.tab.label) : `${workflowFileName(result.workflow.name)}`));
}

function severalTabs(results: readonly ImportResult[]): CliError {
  const tabs = results.map((result) => `"${result.tab?.label ?? result.workflow.name}"`).join(', ');
  return new CliError(`the flows hold ${results.length} tabs (${tabs}); pick one with --tab, or give -o a folder (ending in /) for one file per tab`);
}

async function write(path: string, text: string, force: boolean, shown: string): Promise<void> {
  try {
    await writeFile(path, text, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${shown} already exists; pass --force to overwrite it`);
    throw new CliError(`cannot write ${shown}: ${messageOf(error)}`);
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'convert an n8n, Node-RED, React Flow, workflow sessions, Glyphic or LiteGraph/ComfyUI workflow',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, {
      output: { type: 'string', short: 'o' },
      format: { type: 'string' },
      tab: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
      force: { type: 'boolean', short: 'f' },
    });
    if (positionals.length !== 1) throw new CliError('expects exactly one input file (see `workflow import --help`)');
    const file = positionals[0]!;
    const format = formatOption(values.format);
    const output = values.output;
    if (output !== undefined && output.trim() === '') throw new CliError('-o expects a file or folder name');
    if (values.tab !== undefined && values.tab.trim() === '') throw new CliError('--tab expects a tab label or id');

    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw readError(file, error);
    }
    const results = importOrExplain(text, file, { format, name: values.name, sourceFile: file, tab: values.tab });
    const paths = await outputPaths(results, output, io.cwd);
    const force = values.force === true;
    // Checked before anything is written, and again by each exclusive write (which is what guarantees it).
    for (const path of paths) if (path && !force && (await exists(path))) throw new CliError(`${relative(io.cwd, path) || path} already exists; pass --force to overwrite it`);

    const imports: Record<string, unknown>[] = [];
    for (const [index, result] of results.entries()) {
      const serialized = serializeWorkflow(result.workflow);
      const path = paths[index];
      const shown = path === undefined ? undefined : relative(io.cwd, path) || path;
      if (path) await write(path, serialized, force, shown!);
      if (values.json) {
        imports.push({ ...(result.tab ? { tab: result.tab } : {}), ...(shown ? { output: shown } : { workflow: result.workflow }), report: result.report });
        continue;
      }
      io.stderr(formatReport(result.report));
      const counts = `${plural(result.workflow.nodes.length, 'node')}, ${plural(result.workflow.edges.length, 'edge')}`;
      if (!shown) {
        io.stdout(serialized);
        io.stderr(`imported ${counts} from ${result.format}\n`);
      } else {
        io.stdout(`imported ${counts} from ${result.format} → ${shown}\n`);
        if (!isWorkflowFileName(shown)) io.stderr('note: the editor opens files named *.workflow.json\n');
      }
    }
    if (values.json) io.stdout(`${JSON.stringify({ imports }, null, 2)}\n`);
    return EXIT.ok;
  },
};
