/**
 * Live progress of a run on the terminal: one line per node outcome, logs indented under it,
 * then the result. Colours only on a TTY (and never when NO_COLOR is set).
 */
import type { ExecutionEvent } from '../core/engine/events';
import { formatDuration } from '../shared/duration';

const COLOURS = { green: 32, red: 31, yellow: 33, grey: 90, cyan: 36, bold: 1 } as const;
type Colour = keyof typeof COLOURS;

export interface ProgressPrinter {
  listener: (event: ExecutionEvent) => void;
}

export function progressPrinter(write: (text: string) => void, colour: boolean, nested = false): ProgressPrinter {
  const paint = (c: Colour, text: string) => (colour ? `\u001b[${COLOURS[c]}m${text}\u001b[0m` : text);
  const rootExecution: { id?: string } = {};
  const label = (e: { nodeName: string; nodeType: string; iteration?: string }) =>
    `${e.nodeName} ${paint('grey', `(${e.nodeType}${e.iteration !== undefined ? ` #${e.iteration}` : ''})`)}`;
  const indentOf = (executionId: string) => (rootExecution.id && executionId !== rootExecution.id ? '    ' : '  ');

  const listener = (e: ExecutionEvent) => {
    switch (e.type) {
      case 'execution.started':
        if (!rootExecution.id) {
          rootExecution.id = e.executionId;
          write(`${paint('bold', `▶ ${e.workflowName}`)} ${paint('grey', `execution ${e.executionId}`)}\n`);
        } else if (!nested) {
          write(`  ${paint('cyan', '↳')} sub-workflow ${e.workflowName} ${paint('grey', e.executionId)}\n`);
        }
        break;
      case 'node.finished':
        write(`${indentOf(e.executionId)}${paint('green', '✓')} ${label(e)} ${paint('grey', formatDuration(e.durationMs))}\n`);
        break;
      case 'node.failed': {
        const mark = e.willRetry ? paint('yellow', '↻') : e.handling === 'fail' ? paint('red', '✗') : paint('yellow', '!');
        const after = e.willRetry ? `retrying in ${formatDuration(e.retryInMs ?? 0)}` : e.handling === 'fail' ? '' : `(${e.handling})`;
        const code = e.error.code ? paint('grey', ` [${e.error.code}]`) : '';
        write(`${indentOf(e.executionId)}${mark} ${label(e)} ${paint('grey', formatDuration(e.durationMs))} ${e.error.message}${code} ${after}`.trimEnd() + '\n');
        break;
      }
      case 'node.skipped':
        if (e.reason !== 'not-reached') write(`${indentOf(e.executionId)}${paint('grey', `- ${e.nodeName} skipped (${e.reason})`)}\n`);
        break;
      case 'log': {
        const level = e.level === 'error' ? paint('red', e.level) : e.level === 'warn' ? paint('yellow', e.level) : paint('grey', e.level);
        write(`${indentOf(e.executionId)}  ${level} ${e.nodeName ? paint('grey', `${e.nodeName}: `) : ''}${e.message}\n`);
        break;
      }
      case 'execution.finished':
        if (e.executionId !== rootExecution.id) break;
        {
          const c: Colour = e.status === 'success' ? 'green' : e.status === 'partial' ? 'yellow' : 'red';
          write(`${paint(c, paint('bold', e.status))} in ${formatDuration(e.durationMs)} · ${e.nodesExecuted} node${e.nodesExecuted === 1 ? '' : 's'} ran\n`);
          if (e.error) {
            const where = e.error.nodeName ? `node "${e.error.nodeName}"${e.error.field ? `, field ${e.error.field}` : ''}: ` : '';
            write(`${paint('red', 'error')}: ${where}${e.error.message}\n`);
          }
        }
        break;
      default:
        break;
    }
  };
  return { listener };
}
