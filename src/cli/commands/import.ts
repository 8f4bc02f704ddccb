/**
 * `workflow import <file>`: converts a React Flow export, a workflow sessions row, a Glyphic
 * workflow or a LiteGraph/ComfyUI workflow into a `*.workflow.json` file (or stdout).
 * Exit codes: 0 imported (warnings or not), 2 unreadable or unusable input, bad arguments, or an
 * output that exists without --force.
 */
import { access, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError, EXIT, type CliCommand, type CliIo } from '../command';
import { parseCliArgs } from '../options';
import { IMPORT_FORMATS, ImportError, importWorkflow, isImportFormat, type ImportFormat, type ImportOptions, type ImportResult } from '../../core/importers/index';
import { serializeWorkflow } from '../../core/model/serialize';
import { messageOf } from '../../core/errors';
import { isWorkflowFileName } from '../../shared/workflowFile';

const USAGE = `Usage: workflow import <file> [-o <out.workflow.json>] [options]

Converts a workflow from another tool into a Workflow Studio file. Node types that have no
equivalent keep their original type and settings; \`workflow validate\` then lists them.

Formats (detected from the content unless --format is given):
  reactflow   a React Flow toObject() export: { nodes, edges, viewport }
  sessions    a "workflow sessions" row: { name, nodes, edges, trigger, variables, tags, … }
  glyphic     a Glyphic workflow blob ({ nodes with pos and data.fields, edges }) or its row
  litegraph   a LiteGraph / ComfyUI workflow: { nodes, links }

Options:
  -o, --output <file>   write the workflow here (default: print it to stdout)
  --format <format>     read the input as this format: ${IMPORT_FORMATS.join(', ')}
  --name <name>         name of the workflow (default: the source's name, else the file name)
  -f, --force           overwrite the output file if it exists

Warnings about anything that could not be carried over go to stderr.
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

function readError(file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : messageOf(error);
  return new CliError(`cannot read ${file}: ${reason}`);
}

/** Imports, turning the user's input errors into CLI errors that name the file. */
function importOrExplain(text: string, file: string, options: ImportOptions): ImportResult {
  try {
    return importWorkflow(text, options);
  } catch (error) {
    if (error instanceof ImportError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'convert a React Flow, workflow sessions, Glyphic or LiteGraph/ComfyUI workflow',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCliArgs(args, { output: { type: 'string', short: 'o' }, format: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean', short: 'f' } });
    if (positionals.length !== 1) throw new CliError('expects exactly one input file (see `workflow import --help`)');
    const file = positionals[0]!;
    const format = formatOption(values.format);
    const output = values.output;
    if (output !== undefined && output.trim() === '') throw new CliError('-o expects a file name');
    const outputPath = output === undefined ? undefined : resolve(io.cwd, output);
    // Checked before the work is done, and again by the exclusive write below (which is what guarantees it).
    if (outputPath && !values.force && (await exists(outputPath))) throw new CliError(`${output} already exists; pass --force to overwrite it`);

    let text: string;
    try {
      text = await readFile(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw readError(file, error);
    }
    const result = importOrExplain(text, file, { format, name: values.name, sourceFile: file });
    const serialized = serializeWorkflow(result.workflow);
    for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);

    const counts = `${plural(result.workflow.nodes.length, 'node')}, ${plural(result.workflow.edges.length, 'edge')}`;
    if (!outputPath) {
      io.stdout(serialized);
      io.stderr(`imported ${counts} from ${result.format}\n`);
      return EXIT.ok;
    }
    try {
      await writeFile(outputPath, serialized, { encoding: 'utf8', flag: values.force ? 'w' : 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${output} already exists; pass --force to overwrite it`);
      throw new CliError(`cannot write ${output}: ${messageOf(error)}`);
    }
    io.stdout(`imported ${counts} from ${result.format} → ${output}\n`);
    if (!isWorkflowFileName(output!)) io.stderr('note: the editor opens files named *.workflow.json\n');
    return EXIT.ok;
  },
};
