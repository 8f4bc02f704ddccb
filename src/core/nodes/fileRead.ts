import { z } from 'zod';
import { defineNode } from './definition';
import { NodeError } from '../errors';
import { FileEncodingSchema } from './support/encoding';
import { fileError } from './support/workspacePath';
import { openWorkspaceFile } from './support/workspaceFile';

const config = z.object({
  path: z.string().min(1, 'must not be empty').describe('File to read, relative to the workspace root.'),
  encoding: FileEncodingSchema,
  json: z.boolean().default(false).describe('Parse the content as JSON.'),
});

/** Reads a file of the workspace. */
export const fileRead = defineNode({
  type: 'file.read',
  title: 'Read File',
  category: 'file',
  icon: 'file',
  description: 'Reads a workspace file as text, base64 or parsed JSON.',
  docs: [
    'Reads `path` (relative to the workspace root) and decodes it with `encoding`; with `json: true` the text is parsed.',
    'Paths that leave the workspace, through `..` or a symbolic link, are refused unless the runner allows it (the `allowOutsideWorkspace` setting). ' +
      'On Linux the file opened is the one checked: it is opened inside a descriptor of its folder whose real location was checked (missing folders are created one at a time without following links), so a folder swapped for a link while the node runs cannot redirect it; on other platforms the check and the open are separate steps.',
    '',
    '**Output** on `out`: `{ path, content }` with the absolute path, and the text (or the parsed JSON value).',
    '',
    '**Errors** (field `path`): `FILE_NOT_FOUND`, `FILE_IS_DIRECTORY`, `FILE_ACCESS_DENIED`, `PATH_OUTSIDE_WORKSPACE`, and `FILE_BAD_JSON` when `json` is true and the content does not parse.',
  ].join('\n'),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  configSchema: config,
  defaults: { path: 'data/input.json', encoding: 'utf8', json: true },
  example: { path: 'config/feature-flags.json', json: true },
  run: async ({ config, services }) => {
    // opened through the workspace guard, so what is read is the file that was checked
    const { handle, path } = await openWorkspaceFile(services, config.path, 'read');
    let text: string;
    try {
      text = await handle.readFile({ encoding: config.encoding });
    } catch (error) {
      throw fileError(error, config.path);
    } finally {
      await handle.close();
    }
    if (!config.json) return { out: { path, content: text } };
    try {
      return { out: { path, content: JSON.parse(text) as unknown } };
    } catch (error) {
      throw new NodeError(`path "${config.path}" is not valid JSON: ${(error as Error).message}`, { code: 'FILE_BAD_JSON', field: 'path', cause: error });
    }
  },
});
