import { WORKFLOW_FILE_SUFFIX } from '../../shared/workflowFile';

/** A file name for a workflow name: "Price alert!" → "price-alert.workflow.json". */
export function workflowFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'workflow'}${WORKFLOW_FILE_SUFFIX}`;
}
