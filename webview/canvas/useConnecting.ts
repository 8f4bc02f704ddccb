/**
 * Connecting on the canvas: the rules checked while the user drags (connectionRules.ts), the
 * `connect` intent when a connection is made, and what a connection that was not made means —
 * dropped on a handle that refuses it (the reason is shown), or on empty canvas (the quick-add
 * popup opens, to create the node at the other end).
 */
import { useCallback, useRef } from 'react';
import { useStoreApi, type Connection, type OnConnectStartParams } from 'reactflow';
import type { EditIntent } from '../../src/protocol/messages';
import { connectionRefusal, sameSideRefusal, type ConnectionGraph } from './connectionRules';

/** Where a dragged connection was dropped on empty canvas, and from which handle. */
export interface LooseConnection {
  clientX: number;
  clientY: number;
  nodeId: string;
  handle: string;
  side: 'source' | 'target';
}

/** React Flow's connection handlers for the canvas. */
export function useConnecting(
  graph: ConnectionGraph,
  send: (intent: EditIntent) => unknown,
  onNotice: (message: string) => void,
  onLooseConnection: (loose: LooseConnection) => void,
) {
  const store = useStoreApi();
  const start = useRef<OnConnectStartParams>();
  const connected = useRef(false);
  /** Why the handle last checked refused the connection. */
  const lastRefusal = useRef<string>();

  const isValidConnection = useCallback(
    (c: Connection) => {
      lastRefusal.current = connectionRefusal(graph, c);
      return lastRefusal.current === undefined;
    },
    [graph],
  );
  const onConnectStart = useCallback((_event: unknown, params: OnConnectStartParams) => {
    start.current = params;
    connected.current = false;
    lastRefusal.current = undefined;
  }, []);
  const onConnect = useCallback(
    (c: Connection) => {
      connected.current = true;
      if (c.source && c.target) send({ type: 'connect', source: c.source, sourceHandle: c.sourceHandle ?? 'out', target: c.target, targetHandle: c.targetHandle ?? 'in' });
    },
    [send],
  );
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent) => {
      const from = start.current;
      start.current = undefined;
      if (connected.current || !from?.nodeId || !from.handleId || !from.handleType) return;
      // React Flow clears the connection state right after this call: it still tells whether
      // the drop was near a handle that refused.
      const { connectionStatus, connectionEndHandle } = store.getState();
      if (connectionStatus === 'invalid') {
        // No end handle: an input dropped on an input (or output on output), which React Flow
        // refuses before asking the rules.
        onNotice(connectionEndHandle ? (lastRefusal.current ?? 'This connection is not allowed.') : sameSideRefusal(from.handleType));
        return;
      }
      const target = event.target as Element | null;
      if (!target?.classList.contains('react-flow__pane') || !('clientX' in event)) return;
      onLooseConnection({ clientX: event.clientX, clientY: event.clientY, nodeId: from.nodeId, handle: from.handleId, side: from.handleType });
    },
    [store, onNotice, onLooseConnection],
  );
  return { isValidConnection, onConnectStart, onConnect, onConnectEnd };
}
