/**
 * The one way commands are registered (STYLE 12): a failure becomes a one-line error message,
 * its details (stack included) go to the output channel, never into a notification.
 */
import * as vscode from 'vscode';
import { messageOf } from '../../core/errors';
import type { ExtensionServices } from '../contract';

/** A command handler; its arguments come from menus, keybindings or `executeCommand`. */
export type CommandHandler = (...args: unknown[]) => unknown;

/** Thrown when the user dismissed a prompt: the command stops without an error message. */
export class CommandCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CommandCancelled';
  }
}

/** Registers `id`; what the handler throws or rejects with is reported, not rethrown. */
export function registerFailableCommand(services: ExtensionServices, id: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof CommandCancelled) return undefined;
      reportCommandError(services, id, error);
      return undefined;
    }
  });
}

/** Logs the full error and shows its first line. */
export function reportCommandError(services: ExtensionServices, id: string, error: unknown): void {
  const message = messageOf(error).split('\n')[0] ?? 'unknown error';
  services.output.error(`${id} failed: ${error instanceof Error && error.stack ? error.stack : messageOf(error)}`);
  void vscode.window.showErrorMessage(`Workflow: ${message}`);
}

/** Returns the value, or stops the command quietly when the user dismissed the prompt. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new CommandCancelled();
  return value;
}
