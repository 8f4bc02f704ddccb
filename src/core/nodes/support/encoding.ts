import { z } from 'zod';

/** Text encodings that file nodes accept (Node's `BufferEncoding` names). */
export const FileEncodingSchema = z
  .enum(['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'base64url', 'hex'])
  .default('utf8')
  .describe('How the file\'s bytes map to text: utf8, utf16le, latin1, ascii, or base64 / base64url / hex for binary files.');
