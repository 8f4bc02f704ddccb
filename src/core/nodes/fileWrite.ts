import { z } from 'zod';
import { defineNode } from './definition';
import { NodeError } from '../errors';
import { FileEncodingSchema } from './support/encoding';
import { fileError } from './support/workspacePath';
import { openWorkspaceFile } from './support/workspaceFile';

const config = z.object({
  path: z.string().min(1, 'must not be empty').describe('File to write, relative to the workspace root; missing folders are created.'),
  content: z.unknown().optional().describe('What to write, usually a {{ expression }}; any JSON value when json is true, else text.'),
  encoding: FileEncodingSchema,
  json: z.boolean().default(false).describe('Write content as JSON (2-space indent; one compact line per append).'),
  append: z.boolean().default(false).describe('Add to the end of the file instead of replacing it.'),
});

type WriteConfig = z.infer<typeof config>;

/** The text to write. Appended JSON is one compact line, so that appends build a JSON Lines file. */
function textOf(config: WriteConfig): string {
  const { content } = config;
  if (config.json) {
    const text = config.append ? JSON.stringify(content) : JSON.stringify(content, null, 2);
    if (text === undefined) throw new NodeError('content has no JSON value (it is undefined or a function)', { code: 'FILE_BAD_CONTENT', field: 'content' });
    return `${text}\n`;
  }
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (typeof content === 'number' || typeof content === 'boolean') return String(content);
  throw new NodeError('content is an object or array; set json to true to write it as JSON', { code: 'FILE_BAD_CONTENT', field: 'content' });
}

/** Writes (or appends to) a file of the workspace. */
export const fileWrite = defineNode({
  type: 'file.write',
  title: 'Write File',
  category: 'file',
  icon: 'save',
  description: 'Writes or appends text, base64 data or JSON to a workspace file.',
  docs: [
    'Writes `content` to `path` (relative to the workspace root), creating missing folders. With `append: true` it adds to the end instead of replacing the file.',
    'Text is encoded with `encoding` (so base64 content is written as the bytes it stands for). With `json: true` any JSON value is written with a 2-space indent and a final newline; when appending, each value is one compact line (JSON Lines).',
    'Paths that leave the workspace, through `..` or a symbolic link, are refused unless the runner allows it (the `allowOutsideWorkspace` setting). ' +
      'On Linux the file opened is the one checked: it is opened inside a descriptor of its folder whose real location was checked (missing folders are created one at a time without following links), so a folder swapped for a link while the node runs cannot redirect it; on other platforms the check and the open are separate steps.',
    '',
    '**Output** on `out`: `{ path, bytes }`: the absolute path and the number of bytes written.',
    '',
    '**Errors:** `PATH_OUTSIDE_WORKSPACE`, `FILE_ACCESS_DENIED`, `FILE_IS_DIRECTORY` (field `path`); `FILE_BAD_CONTENT` (field `content`) for an object without `json: true`.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { path: 'out/result.json', content: '{{ $input }}', json: true },
  example: { path: 'logs/orders.jsonl', content: '{{ { "id": id, "total": total } }}', json: true, append: true },
  run: async ({ config, services }) => {
    const data = Buffer.from(textOf(config), config.encoding);
    // opened (and missing folders created) through the workspace guard: the file written is the one checked
    const { handle, path } = await openWorkspaceFile(services, config.path, config.append ? 'append' : 'write');
    try {
      await handle.writeFile(data);
    } catch (error) {
      throw fileError(error, config.path);
    } finally {
      await handle.close();
    }
    return { out: { path, bytes: data.length } };
  },
});
