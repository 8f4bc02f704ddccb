/**
 * Ownership of subscriptions: whatever a panel registers goes into its store and ends with it.
 */
import type * as vscode from 'vscode';

/** A set of disposables released together, once. */
export class DisposableStore implements vscode.Disposable {
  private readonly items: vscode.Disposable[] = [];
  private disposed = false;

  /** Takes ownership of `item`; disposes it at once when the store is already gone. */
  add<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Last in, first out: later subscriptions may depend on earlier ones.
    for (const item of this.items.splice(0).reverse()) item.dispose();
  }
}
