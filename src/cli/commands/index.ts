/** Every `workflow` sub-command, in the order `workflow --help` lists them. */
import type { CliCommand } from '../command';

export const commands: CliCommand[] = [];
