/**
 * The window's webhook server, started lazily: only once some workflow has a webhook route
 * (active, or paused and answering 503). A window without webhooks takes no port, so a second
 * VS Code window does not fight the first for 5680. The server is rebuilt when its settings
 * change; a bind failure (port in use) is reported once and shown on the webhook items.
 */
import * as vscode from 'vscode';
import { messageOf } from '../../core/errors';
import type { TriggerLogger, WebhookRoute, WebhookRouter } from '../../core/triggers/contract';
import { WebhookServer } from '../../core/triggers/webhook/server';
import { MergedWebhookRoutes } from './webhookRoutes';
import { isLoopbackHost, type TriggerSettings } from './settings';

/** Owns the server and the merged routes of every folder. */
export class WebhookHost implements vscode.Disposable {
  private readonly merged = new MergedWebhookRoutes();
  private server: WebhookServer | undefined;
  private starting: Promise<void> | undefined;
  private failure: string | undefined;
  private disposed = false;
  private readonly warnedHosts = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the server starts listening or fails to. */
  readonly onDidChange = this.changed.event;

  constructor(
    private settings: Pick<TriggerSettings, 'host' | 'port'>,
    private readonly logger: TriggerLogger,
  ) {}

  /** The router a folder's runtime is given; its first route starts the server. */
  routerFor(folder: string): WebhookRouter {
    const inner = this.merged.routerFor(folder);
    return {
      setRoutes: (routes: readonly WebhookRoute[]) => {
        inner.setRoutes(routes);
        if (routes.length > 0) void this.ensureListening();
      },
      baseUrl: () => this.server?.baseUrl(),
    };
  }

  /** Drops a folder's routes. */
  removeFolder(folder: string): void {
    this.merged.removeFolder(folder);
  }

  /** `http://host:port` while listening. */
  baseUrl(): string | undefined {
    return this.server?.baseUrl();
  }

  /** Why the server is not listening although routes want it (e.g. the port is in use). */
  get error(): string | undefined {
    return this.failure;
  }

  /** New host or port: closes the server; the next route (or the current ones) starts a new one. */
  async reconfigure(settings: Pick<TriggerSettings, 'host' | 'port'>): Promise<void> {
    this.settings = settings;
    await this.close();
    this.failure = undefined;
    if (this.merged.routes().length > 0) await this.ensureListening();
  }

  /** Stops the server; requests in flight are answered first. */
  async close(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const server = this.server;
    this.server = undefined;
    this.merged.setTarget(undefined);
    if (server) await server.close();
  }

  dispose(): void {
    this.disposed = true;
    void this.close();
    this.changed.dispose();
  }

  private ensureListening(): Promise<void> {
    if (this.server || this.failure !== undefined || this.disposed) return Promise.resolve();
    this.starting ??= this.listen().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async listen(): Promise<void> {
    const { host, port } = this.settings;
    const server = new WebhookServer({ host, port, logger: this.logger });
    try {
      const url = await server.listen();
      if (this.disposed) return void (await server.close());
      this.server = server;
      this.merged.setTarget(server);
      this.logger.info(`webhook server listening on ${url}`);
      this.warnIfExposed(host, url);
    } catch (error) {
      await server.close().catch(() => undefined);
      this.failure = messageOf(error);
      this.logger.error(this.failure);
      void vscode.window
        .showErrorMessage(`Workflow Studio: ${this.failure}. Webhook triggers do not answer; change the setting workflowStudio.webhooks.port.`, 'Open Settings')
        .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'workflowStudio.webhooks'));
    }
    this.changed.fire();
  }

  /** Once per host value and window: a server others can reach must not be a surprise. */
  private warnIfExposed(host: string, url: string): void {
    if (isLoopbackHost(host) || this.warnedHosts.has(host)) return;
    this.warnedHosts.add(host);
    this.logger.warn(`webhook server bound to ${host}: reachable from the network`);
    void vscode.window.showWarningMessage(
      `Workflow Studio: the webhook server listens on ${host} (${url}), so other machines on the network can call your webhooks. Sign them (auth.secret) or set workflowStudio.webhooks.host to 127.0.0.1.`,
    );
  }
}
