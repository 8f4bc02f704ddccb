/**
 * The shape of a `workflow` sub-command. Each lives in `commands/<name>.ts` and is listed in
 * `commands/index.ts`; `main.ts` parses nothing but the command name.
 */

/** Where a command writes; tests pass buffers, `main.ts` passes the process streams. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Current directory (for relative paths and the workspace root). */
  cwd: string;
  env: Record<string, string | undefined>;
  /** True when stdout is a terminal (colours, live progress). */
  isTty: boolean;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** the run failed, or validation found errors */
  failed: 1,
  /** the input could not be used: invalid file, bad arguments, unknown id */
  invalid: 2,
} as const;

export interface CliCommand {
  name: string;
  /** One line for `workflow --help`. */
  summary: string;
  /** Full usage text for `workflow <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A user error with a message for stderr and an exit code; never printed with a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.invalid,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
