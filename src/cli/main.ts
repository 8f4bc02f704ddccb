/**
 * Entry of the `workflow` command: finds the sub-command and runs it. Every failure a user can
 * cause becomes a one-line message and an exit code (0 ok, 1 failed, 2 invalid input).
 */
import { CliError, EXIT, type CliIo } from './command';
import { commands } from './commands/index';
import { messageOf } from '../core/errors';

const VERSION = '0.1.0';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'workflow — run, validate and inspect *.workflow.json files',
    '',
    'Usage: workflow <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `workflow <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name ? EXIT.ok : EXIT.invalid;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`workflow: unknown command "${name}". Run \`workflow --help\` for the list.\n`);
    return EXIT.invalid;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`workflow ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`workflow ${name}: internal error: ${messageOf(error)}\n`);
    if (io.env.WORKFLOW_DEBUG && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
    return EXIT.failed;
  }
}

/** Runs the CLI on this process's arguments and streams; bin/workflow.js calls it. */
export function runCli(): void {
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`workflow: ${messageOf(error)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
