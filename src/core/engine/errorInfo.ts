/** Turns whatever a node threw into the `ErrorInfo` carried by events. */
import { CancelledError, NodeError, TimeoutError, messageOf } from '../errors';
import { ExpressionError } from '../expressions/evaluate';
import type { ErrorInfo } from './events';
import type { WorkflowNode } from '../model/workflow';

/** Errors users cause have a code; anything else is a bug somewhere and keeps its stack. */
export function toErrorInfo(error: unknown, node?: WorkflowNode): ErrorInfo {
  const info: ErrorInfo = { message: messageOf(error) };
  if (node) {
    info.nodeId = node.id;
    info.nodeName = node.name;
  }
  if (error instanceof NodeError) {
    info.code = error.code;
    if (error.field) info.field = error.field;
  } else if (error instanceof ExpressionError) {
    info.code = 'EXPRESSION';
    if (error.field) info.field = error.field;
  } else if (error instanceof TimeoutError || error instanceof CancelledError) {
    info.code = error.code;
  } else if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    info.code = typeof code === 'string' ? code : error.name === 'AbortError' ? 'CANCELLED' : 'INTERNAL';
    if (error.stack) info.stack = error.stack;
  }
  return info;
}
