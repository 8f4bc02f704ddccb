/**
 * The run log: each execution started in this window writes a block to the "Workflow Studio"
 * LogOutputChannel — a header, a line per node event at or above the logLevel setting, the final
 * status. Lines are written at their own level, so the channel's colouring and filter apply too.
 */
import * as vscode from 'vscode';
import type { LogLevel } from '../core/engine/events';
import { SETTINGS, type ExtensionServices } from './contract';
import { eventLine, parseLogLevel } from './views/model/logLines';

/** Registers the run log; the level is re-read when the setting changes. */
export function registerRunLog(services: ExtensionServices): vscode.Disposable {
  const read = (): LogLevel => parseLogLevel(vscode.workspace.getConfiguration('workflowStudio').get(SETTINGS.logLevel));
  let minimum = read();
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`workflowStudio.${SETTINGS.logLevel}`)) minimum = read();
    }),
    services.runs.onEvent(({ event }) => {
      const line = eventLine(event, minimum);
      if (line) services.output[line.level](line.text);
    }),
  );
}
