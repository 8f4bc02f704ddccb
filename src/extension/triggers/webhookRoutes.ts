/**
 * One webhook server for the window, several trigger runtimes (one per workspace folder): the
 * server replaces its whole route table on each `setRoutes`, so each runtime gets a router of
 * its own that merges its routes with the other folders' before handing them on. Two folders
 * claiming the same path and method: the server keeps the first and logs the other.
 */
import type { WebhookRoute, WebhookRouter } from '../../core/triggers/contract';

/** The routes of every folder, merged into one router (the server, or none while it is down). */
export class MergedWebhookRoutes {
  private readonly byFolder = new Map<string, readonly WebhookRoute[]>();
  private target: WebhookRouter | undefined;

  /** The router a folder's runtime is given. */
  routerFor(folder: string): WebhookRouter {
    return {
      setRoutes: (routes) => {
        if (routes.length === 0) this.byFolder.delete(folder);
        else this.byFolder.set(folder, routes);
        this.push();
      },
      baseUrl: () => this.target?.baseUrl(),
    };
  }

  /** Points at a (new) server, or at none; the current routes are handed to it at once. */
  setTarget(target: WebhookRouter | undefined): void {
    this.target = target;
    this.push();
  }

  /** Drops a folder's routes (its runtime is gone). */
  removeFolder(folder: string): void {
    if (this.byFolder.delete(folder)) this.push();
  }

  /** Every route, folders in the order they were first added. */
  routes(): WebhookRoute[] {
    return [...this.byFolder.values()].flat();
  }

  private push(): void {
    this.target?.setRoutes(this.routes());
  }
}
