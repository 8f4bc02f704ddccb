/**
 * One clock for the relative times of every tree view: they all tick together (so two views
 * never disagree about how long ago something was) and each refreshes only the items whose text
 * changed (model/shownDescriptions.ts).
 */
import * as vscode from 'vscode';

/** How often relative times are looked at again. Under a minute they count in seconds. */
export const VIEW_CLOCK_MS = 10_000;

/** Fires the current time every VIEW_CLOCK_MS. */
export class ViewClock implements vscode.Disposable {
  private readonly ticked = new vscode.EventEmitter<number>();
  readonly onTick = this.ticked.event;
  private readonly timer = setInterval(() => this.ticked.fire(Date.now()), VIEW_CLOCK_MS);

  dispose(): void {
    clearInterval(this.timer);
    this.ticked.dispose();
  }
}
