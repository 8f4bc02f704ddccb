/** Every `workflow` sub-command, in the order `workflow --help` lists them. */
import type { CliCommand } from '../command';
import { runCommand } from './run';
import { importCommand } from './import';
import { validateCommand } from './validate';
import { historyCommand } from './history';
import { showCommand } from './show';
import { versionsCommand } from './versions';
import { statsCommand } from './stats';
import { searchCommand } from './search';
import { serveCommand } from './serve';
import { diffCommand } from './diff';
import { mergeCommand } from './merge';
import { testCommand } from './test';
import { activateCommand, pauseCommand, statusCommand } from './status';

export const commands: CliCommand[] = [runCommand, importCommand, validateCommand, testCommand, historyCommand, showCommand, versionsCommand, diffCommand, mergeCommand, statsCommand, searchCommand, serveCommand, activateCommand, pauseCommand, statusCommand];
