/**
 * The inspector's form controls, one per `FieldKind` (see schemaForm.ts). Native elements styled
 * with VS Code's input / dropdown / checkbox / button variables. Every control has a label, its
 * help text and its error are tied to it with `aria-describedby`, and a value is committed on
 * blur / Enter / change (text after a pause in typing), never per keystroke.
 */
import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import {
  formatJsonText,
  formatScalar,
  isTemplate,
  parseJsonText,
  parseNumber,
  parseScalar,
  placeholderOf,
  withKey,
  type FieldKind,
  type FieldSpec,
  type Parsed,
} from './schemaForm';
import { TYPING_DEBOUNCE_MS, useDraft } from './useDraft';

/** Props every field takes. */
export interface FieldProps {
  /** Unique id base in the panel (the input's id; help and error ids derive from it). */
  id: string;
  spec: FieldSpec;
  value: unknown;
  /** The validator's messages about this field. */
  problems?: readonly string[];
  /** The new value; undefined removes the key (its default applies). */
  onCommit(value: unknown): void;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Label, control, help and error of one field. */
export function FieldShell(props: {
  id: string;
  label: string;
  required?: boolean;
  description?: string;
  errors: readonly string[];
  /** Group controls (lists, key/value rows) get a fieldset and legend instead of a label. */
  group?: boolean;
  /** Checkboxes put their label after the control. */
  inlineLabel?: boolean;
  children: ReactNode;
}) {
  const { id, label, required, description, errors, group, inlineLabel, children } = props;
  const labelText = (
    <>
      {label}
      {required ? (
        <span className="field-required" aria-hidden="true">
          {' *'}
        </span>
      ) : null}
    </>
  );
  const help = description ? (
    <div id={`${id}-help`} className="field-help">
      {description}
    </div>
  ) : null;
  const error =
    errors.length > 0 ? (
      <div id={`${id}-error`} className="field-error">
        {errors.map((e, i) => (
          <div key={i}>{e}</div>
        ))}
      </div>
    ) : null;
  if (group) {
    return (
      <fieldset className={`field field-group${errors.length > 0 ? ' invalid' : ''}`} aria-describedby={describedBy(id, description, errors)} data-field={id}>
        <legend>{labelText}</legend>
        {children}
        {error}
        {help}
      </fieldset>
    );
  }
  return (
    <div className={`field${inlineLabel ? ' field-inline' : ''}${errors.length > 0 ? ' invalid' : ''}`} data-field={id}>
      {inlineLabel ? null : <label htmlFor={id}>{labelText}</label>}
      {inlineLabel ? (
        <div className="field-checkbox">
          {children}
          <label htmlFor={id}>{labelText}</label>
        </div>
      ) : (
        children
      )}
      {error}
      {help}
    </div>
  );
}

/** The ids that describe a control: its error first (read out first), then its help. */
export function describedBy(id: string, description: string | undefined, errors: readonly string[]): string | undefined {
  const ids = [errors.length > 0 ? `${id}-error` : '', description ? `${id}-help` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A local error (what was typed cannot be read) wins over the validator's (about the stored value). */
function errorsOf(local: string | undefined, problems: readonly string[] | undefined): readonly string[] {
  return local ? [local] : (problems ?? []);
}

/** Commits text through `parse`: a parse error stays local and nothing is sent. */
function useParsedDraft(formatted: string, value: unknown, parse: (text: string) => Parsed, onCommit: (value: unknown) => void, debounceMs?: number) {
  const [localError, setLocalError] = useState<string>();
  const draft = useDraft(
    formatted,
    (text) => {
      const parsed = parse(text);
      if (!parsed.ok) {
        setLocalError(parsed.error);
        return;
      }
      setLocalError(undefined);
      if (!same(parsed.value, value)) onCommit(parsed.value);
    },
    debounceMs,
  );
  return { draft, localError };
}

function keyHandler(draft: { commit(): void; revert(): void }, multiline: boolean) {
  return (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      draft.revert();
    } else if (event.key === 'Enter' && (!multiline || event.ctrlKey || event.metaKey)) {
      if (!multiline) event.preventDefault();
      draft.commit();
    }
  };
}

function TextControl({ id, spec, value, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'text' } }) {
  const formatted = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  const { draft, localError } = useParsedDraft(formatted, value, (text) => ({ ok: true, value: text === '' && !spec.required ? undefined : text }), onCommit);
  const errors = errorsOf(localError, problems);
  const common = {
    id,
    value: draft.text,
    placeholder: placeholderOf(spec),
    'aria-invalid': errors.length > 0 || undefined,
    'aria-describedby': describedBy(id, spec.description, errors),
    'aria-required': spec.required || undefined,
    onFocus: draft.onFocus,
    onBlur: draft.onBlur,
    onKeyDown: keyHandler(draft, kind.multiline),
  };
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors}>
      {kind.multiline ? (
        <textarea
          {...common}
          className={kind.monospace ? 'monospace' : undefined}
          rows={kind.monospace ? Math.min(16, Math.max(6, draft.text.split('\n').length + 1)) : 3}
          spellCheck={!kind.monospace}
          data-language={kind.language}
          onChange={(e) => draft.change(e.target.value)}
        />
      ) : (
        <input {...common} type="text" spellCheck={false} onChange={(e) => draft.change(e.target.value)} />
      )}
    </FieldShell>
  );
}

function NumberControl({ id, spec, value, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'number' } }) {
  const formatted = value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);
  const badInput = useRef(false);
  const { draft, localError } = useParsedDraft(
    formatted,
    value,
    (text) => (badInput.current ? { ok: false, error: kind.integer ? 'Enter a whole number' : 'Enter a number' } : parseNumber(text, kind.integer)),
    onCommit,
  );
  const errors = errorsOf(localError, problems);
  // A template (resolved when the node runs) cannot live in a number input.
  const template = isTemplate(draft.text);
  const min = kind.min ?? kind.exclusiveMin;
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors}>
      <input
        id={id}
        type={template ? 'text' : 'number'}
        value={draft.text}
        min={min}
        max={kind.max ?? kind.exclusiveMax}
        step={kind.integer ? 1 : 'any'}
        placeholder={placeholderOf(spec)}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, spec.description, errors)}
        aria-required={spec.required || undefined}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onKeyDown={keyHandler(draft, false)}
        onChange={(e) => {
          badInput.current = e.target.validity.badInput;
          draft.change(e.target.value);
        }}
      />
    </FieldShell>
  );
}

/**
 * A control's value shown at once when the user changes it, until the host's answer arrives: a
 * controlled checkbox or dropdown would otherwise jump back to the old value for as long as the
 * host takes to apply the edit.
 */
function usePendingValue<T>(hostValue: T): [T, (value: T) => void] {
  const [local, setLocal] = useState<{ value: T }>();
  useEffect(() => setLocal(undefined), [hostValue]);
  return [local ? local.value : hostValue, (value: T) => setLocal({ value })];
}

function EnumControl({ id, spec, value: hostValue, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'enum' } }) {
  const [value, setValue] = usePendingValue(hostValue);
  const index = kind.options.findIndex((o) => o === value);
  const fallback = spec.default !== undefined ? `Default (${String(spec.default)})` : spec.required ? 'Choose…' : '(none)';
  const errors = problems ?? [];
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors}>
      <select
        id={id}
        value={index >= 0 ? String(index) : ''}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, spec.description, errors)}
        onChange={(e) => {
          const next = e.target.value === '' ? undefined : kind.options[Number(e.target.value)];
          setValue(next);
          onCommit(next);
        }}
      >
        {index < 0 || !spec.required ? <option value="">{value !== undefined && index < 0 ? `${JSON.stringify(value)} (not an option)` : fallback}</option> : null}
        {kind.options.map((option, i) => (
          <option key={String(option)} value={String(i)}>
            {String(option)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

function BooleanControl({ id, spec, value: hostValue, problems, onCommit }: FieldProps) {
  const [value, setValue] = usePendingValue(hostValue);
  const checked = typeof value === 'boolean' ? value : spec.default === true;
  const errors = problems ?? [];
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors} inlineLabel>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, spec.description, errors)}
        onChange={(e) => {
          setValue(e.target.checked);
          onCommit(e.target.checked);
        }}
      />
    </FieldShell>
  );
}

function ScalarControl({ id, spec, value, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'scalar' } }) {
  const { draft, localError } = useParsedDraft(
    formatScalar(value),
    value,
    (text) => (text.trim() === '' && !spec.required ? { ok: true, value: undefined } : parseScalar(text, kind.types)),
    onCommit,
  );
  const errors = errorsOf(localError, problems);
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors}>
      <input
        id={id}
        type="text"
        value={draft.text}
        placeholder={placeholderOf(spec)}
        spellCheck={false}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, spec.description, errors)}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onKeyDown={keyHandler(draft, false)}
        onChange={(e) => draft.change(e.target.value)}
      />
    </FieldShell>
  );
}

function JsonControl({ id, spec, value, problems, onCommit }: FieldProps) {
  const { draft, localError } = useParsedDraft(formatJsonText(value), value, parseJsonText, onCommit);
  const errors = errorsOf(localError, problems);
  const description = [spec.description, 'JSON, or plain text / {{ expression }}.'].filter(Boolean).join(' ');
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={description} errors={errors}>
      <textarea
        id={id}
        className="monospace"
        value={draft.text}
        rows={Math.min(12, Math.max(2, draft.text.split('\n').length))}
        placeholder={placeholderOf(spec)}
        spellCheck={false}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, description, errors)}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onKeyDown={keyHandler(draft, true)}
        onChange={(e) => draft.change(e.target.value)}
      />
    </FieldShell>
  );
}

/** Reads one list item or record value typed as `kind`. */
function parseItem(text: string, kind: FieldKind): Parsed {
  if (kind.kind === 'scalar') return parseScalar(text, kind.types);
  if (kind.kind === 'json') {
    const parsed = parseJsonText(text);
    return parsed.ok && parsed.value === undefined ? { ok: true, value: '' } : parsed;
  }
  return { ok: true, value: text };
}

function formatItem(value: unknown, kind: FieldKind): string {
  return kind.kind === 'json' ? formatJsonText(value) : formatScalar(value);
}

interface Row {
  id: number;
  key: string;
  text: string;
}

let nextRowId = 1;

/**
 * Rows edited locally and committed as a whole (on blur leaving the group, Enter, a pause in
 * typing, add / remove). The rows follow the host's value while the group does not have focus.
 */
function useRows(initial: () => Row[], formatted: string, build: (rows: readonly Row[]) => Parsed, value: unknown, onCommit: (value: unknown) => void) {
  const [rows, setRowsState] = useState<Row[]>(initial);
  const rowsRef = useRef(rows);
  const [localError, setLocalError] = useState<string>();
  const focusedWithin = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const latest = useRef({ build, value, onCommit });
  latest.current = { build, value, onCommit };

  useEffect(() => {
    if (focusedWithin.current) return;
    const next = initial();
    rowsRef.current = next;
    setRowsState(next);
    // `initial` reads the value that `formatted` stands for.
  }, [formatted]);

  const commit = (): void => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const parsed = latest.current.build(rowsRef.current);
    if (!parsed.ok) {
      setLocalError(parsed.error);
      return;
    }
    setLocalError(undefined);
    if (!same(parsed.value, latest.current.value)) latest.current.onCommit(parsed.value);
  };
  const commitRef = useRef(commit);
  commitRef.current = commit;
  useEffect(() => () => clearTimeout(timer.current), []);

  const setRows = (next: Row[], commitNow: boolean): void => {
    rowsRef.current = next;
    setRowsState(next);
    clearTimeout(timer.current);
    if (commitNow) commit();
    else timer.current = setTimeout(() => commitRef.current(), TYPING_DEBOUNCE_MS);
  };
  const groupHandlers = {
    onFocus: () => {
      focusedWithin.current = true;
    },
    onBlur: (event: FocusEvent) => {
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
      focusedWithin.current = false;
      commit();
    },
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') {
        event.preventDefault();
        commit();
      }
    },
  };
  return { rows, setRows, localError, groupHandlers };
}

function RecordControl({ id, spec, value, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'record' } }) {
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const build = (rows: readonly Row[]): Parsed => {
    const out: Record<string, unknown> = {};
    for (const row of rows) {
      const key = row.key.trim();
      if (key === '' && row.text.trim() === '') continue;
      if (key === '') return { ok: false, error: 'Every value needs a key' };
      if (key in out) return { ok: false, error: `The key "${key}" is there twice` };
      const parsed = parseItem(row.text, kind.value);
      if (!parsed.ok) return { ok: false, error: `${key}: ${parsed.error}` };
      out[key] = parsed.value;
    }
    return { ok: true, value: Object.keys(out).length === 0 && !spec.required ? undefined : out };
  };
  const { rows, setRows, localError, groupHandlers } = useRows(
    () => Object.entries(record).map(([key, v]) => ({ id: nextRowId++, key, text: formatItem(v, kind.value) })),
    JSON.stringify(value ?? null),
    build,
    value,
    onCommit,
  );
  const errors = errorsOf(localError, problems);
  const mono = kind.value.kind === 'json';
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors} group>
      <div className="kv-rows" {...groupHandlers}>
        {rows.map((row, index) => (
          <div className="kv-row" key={row.id}>
            <input
              type="text"
              className="kv-key"
              value={row.key}
              placeholder="key"
              spellCheck={false}
              aria-label={`${spec.label}: key ${index + 1}`}
              onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, key: e.target.value } : r)), false)}
            />
            <input
              type="text"
              className={`kv-value${mono ? ' monospace' : ''}`}
              value={row.text}
              placeholder="value"
              spellCheck={false}
              aria-label={`${spec.label}: value of ${row.key || `row ${index + 1}`}`}
              onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, text: e.target.value } : r)), false)}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove ${row.key || `row ${index + 1}`} from ${spec.label}`}
              title="Remove"
              onClick={() => setRows(rows.filter((r) => r.id !== row.id), true)}
            >
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="secondary-button add-row" onClick={() => setRows([...rows, { id: nextRowId++, key: '', text: '' }], false)}>
          {`+ Add ${rows.length === 0 ? 'an entry' : 'another'}`}
        </button>
      </div>
    </FieldShell>
  );
}

function ListControl({ id, spec, value, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'list' } }) {
  const items = Array.isArray(value) ? value : [];
  const build = (rows: readonly Row[]): Parsed => {
    const out: unknown[] = [];
    for (const [index, row] of rows.entries()) {
      if (row.text.trim() === '') continue;
      const parsed = parseItem(row.text, kind.item);
      if (!parsed.ok) return { ok: false, error: `Item ${index + 1}: ${parsed.error}` };
      out.push(parsed.value);
    }
    return { ok: true, value: out.length === 0 && !spec.required && spec.default !== undefined ? undefined : out };
  };
  const { rows, setRows, localError, groupHandlers } = useRows(
    () => items.map((v) => ({ id: nextRowId++, key: '', text: formatItem(v, kind.item) })),
    JSON.stringify(value ?? null),
    build,
    value,
    onCommit,
  );
  const errors = errorsOf(localError, problems);
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors} group>
      <div className="kv-rows" {...groupHandlers}>
        {rows.map((row, index) => (
          <div className="kv-row" key={row.id}>
            <input
              type="text"
              value={row.text}
              spellCheck={false}
              aria-label={`${spec.label}: item ${index + 1}`}
              onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, text: e.target.value } : r)), false)}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove item ${index + 1} from ${spec.label}`}
              title="Remove"
              onClick={() => setRows(rows.filter((r) => r.id !== row.id), true)}
            >
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="secondary-button add-row" onClick={() => setRows([...rows, { id: nextRowId++, key: '', text: '' }], false)}>
          + Add an item
        </button>
      </div>
    </FieldShell>
  );
}

function MultiEnumControl({ id, spec, value, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'multiEnum' } }) {
  const chosen = Array.isArray(value) ? value : Array.isArray(spec.default) ? (spec.default as unknown[]) : [];
  const errors = problems ?? [];
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={errors} group>
      <div className="checkbox-row">
        {kind.options.map((option, i) => (
          <label key={String(option)} className="field-checkbox">
            <input
              id={`${id}-${i}`}
              type="checkbox"
              checked={chosen.includes(option)}
              onChange={(e) => onCommit(kind.options.filter((o) => (o === option ? e.target.checked : chosen.includes(o))))}
            />
            {String(option)}
          </label>
        ))}
      </div>
    </FieldShell>
  );
}

function ObjectControl({ id, spec, value, problems, onCommit, kind }: FieldProps & { kind: FieldKind & { kind: 'object' } }) {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  // Sub-fields commit one after another faster than the host answers: build on the last sent.
  const sent = useRef<Record<string, unknown> | undefined>(undefined);
  useEffect(() => {
    sent.current = undefined;
  }, [value]);
  return (
    <FieldShell id={id} label={spec.label} required={spec.required} description={spec.description} errors={problems ?? []} group>
      {kind.fields.map((field) => (
        <ConfigField
          key={field.key}
          id={`${id}-${field.key}`}
          // An optional group not set (webhook Auth) requires nothing yet: its fields are
          // required only once it has a value.
          spec={object || spec.required ? field : { ...field, required: false }}
          value={object?.[field.key]}
          onCommit={(v) => {
            const next = withKey(sent.current ?? object ?? {}, field.key, v);
            sent.current = next;
            onCommit(Object.keys(next).length === 0 && !spec.required ? undefined : next);
          }}
        />
      ))}
    </FieldShell>
  );
}

/** The control of one config field, chosen by its kind. */
export function ConfigField(props: FieldProps) {
  const kind = props.spec.kind;
  // A value set by an expression cannot be shown by a dropdown or checkbox: it stays text until cleared.
  if (isTemplate(props.value) && !['text', 'json', 'scalar', 'number'].includes(kind.kind)) {
    const description = [props.spec.description, 'Set by an expression; clear it to pick a value.'].filter(Boolean).join(' ');
    return <TextControl {...props} spec={{ ...props.spec, description }} kind={{ kind: 'text', multiline: false, monospace: false }} />;
  }
  switch (kind.kind) {
    case 'text':
      return <TextControl {...props} kind={kind} />;
    case 'number':
      return <NumberControl {...props} kind={kind} />;
    case 'enum':
      return <EnumControl {...props} kind={kind} />;
    case 'boolean':
      return <BooleanControl {...props} />;
    case 'scalar':
      return <ScalarControl {...props} kind={kind} />;
    case 'record':
      return <RecordControl {...props} kind={kind} />;
    case 'list':
      return <ListControl {...props} kind={kind} />;
    case 'multiEnum':
      return <MultiEnumControl {...props} kind={kind} />;
    case 'object':
      return <ObjectControl {...props} kind={kind} />;
    case 'json':
      return <JsonControl {...props} />;
  }
}
