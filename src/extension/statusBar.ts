/**
 * The status bar item shown while workflow runs are going; a click focuses the Executions view.
 */
import * as vscode from 'vscode';
import { VIEWS, type ExtensionServices } from './contract';
import { runningRunsText } from './commands/logic/problems';

/** Registers the item; it follows `runs.onDidChangeActive`, no polling. */
export function registerStatusBar(services: ExtensionServices): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('workflowStudio.runs', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Workflow Runs';
  item.command = { command: `${VIEWS.executions}.focus`, title: 'Show Executions' };
  const update = (): void => {
    const active = services.runs.active;
    if (active.length === 0) {
      item.hide();
      return;
    }
    item.text = `$(sync~spin) ${runningRunsText(active.length)}`;
    item.tooltip = `Running: ${active.map((run) => run.workflowName).join(', ')}\nClick to show the Executions view.`;
    item.show();
  };
  update();
  return vscode.Disposable.from(item, services.runs.onDidChangeActive(update));
}
