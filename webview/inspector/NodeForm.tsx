/**
 * The "Configure" tab of the inspector: a node's name, notes, config form (generated from its
 * type's JSON Schema) and settings (disabled, time limit, on error, retry). Every change is an
 * `updateNode` intent; the validator's messages about a field show beside it.
 */
import { useMemo, useRef, useState } from 'react';
import type { EditIntent, NodeChanges } from '../../src/protocol/messages';
import type { NodeTypeView, NodeView, ProblemView } from '../../src/protocol/view';
import { ConfigField, FieldShell, describedBy } from './fields';
import { DEFAULT_ON_ERROR, DEFAULT_RETRY, ON_ERROR_OPTIONS, RETRY_FIELDS } from './nodeSettings';
import { formFields, problemField, problemNodeIndex, withKey, type FieldSpec } from './schemaForm';
import { useDraft } from './useDraft';

/** Sends an intent; resolves with the host's refusal, or undefined when it was applied. */
export type EditSender = (intent: EditIntent) => Promise<string | undefined>;

/** Props of the form. */
export interface NodeFormProps {
  node: NodeView;
  /** Index of the node in the file (validator paths name nodes by index). */
  nodeIndex: number;
  nodeType: NodeTypeView | undefined;
  problems: readonly ProblemView[];
  onEdit: EditSender;
}

/** The validator's "node "Fetch" (fetch): " prefix says nothing beside the node's own field. */
function fieldMessage(message: string): string {
  return message.replace(/^node "[^"]*"( \([^)]*\))?: /, '');
}

const WHOLE_CONFIG: FieldSpec = {
  key: 'config',
  label: 'Config',
  description: 'This node type is unknown here, so its config is edited as JSON.',
  required: true,
  kind: { kind: 'json' },
};

const TIMEOUT_FIELD: FieldSpec = {
  key: 'timeoutMs',
  label: 'Time limit per attempt (ms)',
  description: 'The node fails with TIMEOUT when an attempt takes longer. Empty: no limit of its own.',
  required: false,
  kind: { kind: 'number', integer: true, min: 1 },
};

function NameField({ id, name, problems, onRename }: { id: string; name: string; problems: readonly string[]; onRename(name: string): Promise<string | undefined> }) {
  const [error, setError] = useState<string>();
  const draft = useDraft(
    name,
    (text) => {
      const next = text.trim();
      if (next === '') {
        setError('A node needs a name');
        return;
      }
      setError(undefined);
      if (next === name) return;
      void onRename(next).then(setError);
    },
    0,
  );
  const errors = error ? [error] : problems;
  return (
    <FieldShell id={id} label="Name" required errors={errors} description={'Expressions refer to the node by this name: $node["Name"].'}>
      <input
        id={id}
        type="text"
        value={draft.text}
        spellCheck={false}
        aria-required
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, 'help', errors)}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => draft.change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') draft.commit();
          else if (e.key === 'Escape') {
            setError(undefined);
            draft.revert();
          }
        }}
      />
    </FieldShell>
  );
}

/** The configure tab of one node. */
export function NodeForm({ node, nodeIndex, nodeType, problems, onEdit }: NodeFormProps) {
  const [formError, setFormError] = useState<string>();
  const id = (key: string): string => `inspector-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const fields = useMemo(
    () =>
      nodeType
        ? formFields(nodeType.configSchema, { rawConfigKeys: nodeType.rawConfigKeys, expressionConfigKeys: nodeType.expressionConfigKeys, nodeType: nodeType.type })
        : undefined,
    [nodeType],
  );

  // Problems of this node by field; the rest is listed above the form.
  const { byField, general } = useMemo(() => {
    const shown = new Set(['name', 'notes', 'disabled', 'timeoutMs', 'onError', 'retry', ...RETRY_FIELDS.map((f) => `retry.${f.key}`)]);
    for (const f of fields ?? []) shown.add(`config.${f.key}`);
    if (!fields) shown.add('config');
    const map = new Map<string, string[]>();
    const rest: string[] = [];
    for (const p of problems) {
      if (p.nodeId !== node.id && !(p.nodeId === undefined && problemNodeIndex(p.path) === nodeIndex)) continue;
      let field = problemField(p.path);
      if (field && !fields && field.startsWith('config.')) field = 'config';
      if (field && shown.has(field)) map.set(field, [...(map.get(field) ?? []), fieldMessage(p.message)]);
      else rest.push(p.message);
    }
    return { byField: map, general: rest };
  }, [problems, node.id, nodeIndex, fields]);

  /** Sends changes; a refusal is shown above the form. */
  const send = (changes: NodeChanges): Promise<string | undefined> => {
    setFormError(undefined);
    return onEdit({ type: 'updateNode', id: node.id, changes }).then((error) => {
      if (error) setFormError(error);
      return error;
    });
  };

  // Config edits replace the whole config: while earlier ones are on their way, later ones
  // build on them rather than on the (older) config of the last view.
  const pendingConfig = useRef<Record<string, unknown>>();
  const commitConfig = (key: string, value: unknown): void => {
    const base = pendingConfig.current ?? node.config;
    const next = withKey(base, key, value);
    pendingConfig.current = next;
    void send({ config: next }).then(() => {
      if (pendingConfig.current === next) pendingConfig.current = undefined;
    });
  };
  const pendingRetry = useRef<Record<string, unknown> | null>();
  const commitRetry = (retry: Record<string, unknown> | null): void => {
    pendingRetry.current = retry;
    void send({ retry }).then(() => {
      if (pendingRetry.current === retry) pendingRetry.current = undefined;
    });
  };
  const retry = pendingRetry.current !== undefined ? pendingRetry.current : (node.retry ?? null);

  const notes = useDraft(node.notes ?? '', (text) => {
    if (text !== (node.notes ?? '')) void send({ notes: text.trim() === '' ? null : text });
  });

  return (
    <div className="node-form">
      {formError ? (
        <div className="form-error" role="alert">
          {formError}
        </div>
      ) : null}
      {general.length > 0 ? (
        <ul className="form-problems" aria-label="Problems of this node">
          {general.map((message, i) => (
            <li key={i}>{message}</li>
          ))}
        </ul>
      ) : null}
      <NameField id={id('name')} name={node.name} problems={byField.get('name') ?? []} onRename={(name) => send({ name })} />
      <FieldShell id={id('notes')} label="Notes" errors={byField.get('notes') ?? []}>
        <textarea
          id={id('notes')}
          rows={2}
          value={notes.text}
          placeholder="What this node is for"
          onFocus={notes.onFocus}
          onBlur={notes.onBlur}
          onChange={(e) => notes.change(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && notes.revert()}
        />
      </FieldShell>

      <section className="form-section" aria-labelledby={id('config-heading')}>
        <h3 id={id('config-heading')}>Parameters</h3>
        {fields === undefined ? (
          <ConfigField
            id={id('config')}
            spec={WHOLE_CONFIG}
            value={node.config}
            problems={byField.get('config')}
            onCommit={(value) => {
              if (typeof value === 'object' && value !== null && !Array.isArray(value)) void send({ config: value as Record<string, unknown> });
              else setFormError('The config must be a JSON object');
            }}
          />
        ) : fields.length === 0 ? (
          <p className="hint">This node has no parameters.</p>
        ) : (
          fields.map((field) => (
            <ConfigField
              key={field.key}
              id={id(`config-${field.key}`)}
              spec={field}
              value={node.config[field.key]}
              problems={byField.get(`config.${field.key}`)}
              onCommit={(value) => commitConfig(field.key, value)}
            />
          ))
        )}
      </section>

      <section className="form-section" aria-labelledby={id('settings-heading')}>
        <h3 id={id('settings-heading')}>Settings</h3>
        <FieldShell
          id={id('disabled')}
          label="Disabled"
          description="A disabled node is skipped and passes its input through."
          errors={byField.get('disabled') ?? []}
          inlineLabel
        >
          <input
            id={id('disabled')}
            type="checkbox"
            checked={node.disabled}
            aria-describedby={`${id('disabled')}-help`}
            onChange={(e) => void send({ disabled: e.target.checked })}
          />
        </FieldShell>
        <ConfigField
          id={id('timeoutMs')}
          spec={TIMEOUT_FIELD}
          value={node.timeoutMs}
          problems={byField.get('timeoutMs')}
          onCommit={(value) => {
            if (value === undefined || typeof value === 'number') void send({ timeoutMs: value ?? null });
          }}
        />
        <FieldShell id={id('onError')} label="On error" description="What a failure (after any retries) does to the run." errors={byField.get('onError') ?? []}>
          <select
            id={id('onError')}
            value={node.onError ?? DEFAULT_ON_ERROR}
            aria-describedby={`${id('onError')}-help`}
            onChange={(e) => void send({ onError: e.target.value === DEFAULT_ON_ERROR ? null : e.target.value })}
          >
            {ON_ERROR_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell id={id('retry')} label="Retry on failure" description="Try a failed node again after a delay." errors={byField.get('retry') ?? []} inlineLabel>
          <input
            id={id('retry')}
            type="checkbox"
            checked={retry !== null}
            aria-describedby={`${id('retry')}-help`}
            onChange={(e) => commitRetry(e.target.checked ? { ...DEFAULT_RETRY } : null)}
          />
        </FieldShell>
        {retry !== null ? (
          <div className="retry-fields">
            {RETRY_FIELDS.map((field) => (
              <ConfigField
                key={field.key}
                id={id(`retry-${field.key}`)}
                spec={field}
                value={retry[field.key]}
                problems={byField.get(`retry.${field.key}`)}
                onCommit={(value) => commitRetry(withKey(retry, field.key, value))}
              />
            ))}
          </div>
        ) : null}
      </section>
    </div>
  );
}
