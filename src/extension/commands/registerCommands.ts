/**
 * Registers every command of the palette and the menus except those owned by the views
 * (grouping, filters, Show History/Versions, Refresh: registerViews) and Validate All
 * (registerDiagnostics, which owns the Problems collection).
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../contract';
import { registerFileCommands } from './fileCommands';
import { registerHistoryCommands } from './historyCommands';
import { registerMaintenanceCommands } from './maintenanceCommands';
import { registerRunCommands } from './runCommands';
import { registerTriggerCommands } from './triggerCommands';

/** Registers the commands; dispose to unregister them all. */
export function registerCommands(services: ExtensionServices): vscode.Disposable {
  return vscode.Disposable.from(
    ...registerRunCommands(services),
    ...registerFileCommands(services),
    ...registerHistoryCommands(services),
    ...registerMaintenanceCommands(services),
    ...registerTriggerCommands(services),
  );
}
