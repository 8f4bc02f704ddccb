/**
 * Byte layout of a journal file, the append-only log of one process's writes:
 *
 *   "WSJOURNL"                               8-byte magic
 *   record*                                  each: u32 LE payload length, u32 LE CRC-32, payload
 *
 * A payload is one kind byte and UTF-8 JSON: `H` header (format, schema, writer), `B` a batch of
 * operations applied atomically, `E` end of journal (the writer sealed the file: nothing follows).
 * A crash can only tear the last record; a reader stops at the first record whose length runs
 * past the end or whose checksum fails, so a torn tail is never applied.
 */
import { crc32 } from './crc32';

export const JOURNAL_MAGIC = Buffer.from('WSJOURNL', 'latin1');
/** Version of this byte layout and payload vocabulary. */
export const JOURNAL_FORMAT = 1;
/** No honest batch comes near this; a larger length is damage, not data. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
const FRAME_BYTES = 8;

/** First record of every journal file. */
export interface JournalHeader {
  format: number;
  /** Schema version of the writer; a reader that knows less refuses the journal. */
  schema: number;
  writer: string;
  generation: number;
  createdAt: number;
}

export type JournalRecord =
  | { kind: 'header'; header: JournalHeader; end: number }
  | { kind: 'batch'; json: string; end: number }
  | { kind: 'end'; end: number };

/** Frames one payload. */
function frame(kind: 'H' | 'B' | 'E', json: string): Buffer {
  const body = Buffer.from(kind + json, 'utf8');
  const out = Buffer.allocUnsafe(FRAME_BYTES + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, FRAME_BYTES);
  return out;
}

/** Magic plus header record: the first bytes of a new journal file. */
export function encodeJournalStart(header: JournalHeader): Buffer {
  return Buffer.concat([JOURNAL_MAGIC, frame('H', JSON.stringify(header))]);
}

/** A batch record; `json` is the JSON text of the operations array. */
export function encodeBatch(json: string): Buffer {
  return frame('B', json);
}

/** The seal written when a writer rotates or closes its journal. */
export function encodeEnd(): Buffer {
  return frame('E', '{}');
}

/** Result of decoding bytes read from `baseOffset` of a journal file. */
export interface DecodedChunk {
  records: JournalRecord[];
  /** File offset just after the last whole, valid record. */
  validEnd: number;
  /** Why decoding stopped before the end of the bytes, if it did. */
  stop?: 'incomplete' | 'checksum' | 'length' | 'kind';
}

/**
 * Decodes whole records from `bytes`, which were read starting at file offset `baseOffset`
 * (0 means the bytes include the magic). Offsets in the result are file offsets.
 */
export function decodeJournal(bytes: Buffer, baseOffset: number): DecodedChunk {
  let position = 0;
  if (baseOffset === 0) {
    if (bytes.length < JOURNAL_MAGIC.length) return { records: [], validEnd: 0, stop: 'incomplete' };
    if (!bytes.subarray(0, JOURNAL_MAGIC.length).equals(JOURNAL_MAGIC)) return { records: [], validEnd: 0, stop: 'kind' };
    position = JOURNAL_MAGIC.length;
  }
  const records: JournalRecord[] = [];
  let stop: DecodedChunk['stop'];
  while (position < bytes.length) {
    if (bytes.length - position < FRAME_BYTES) {
      stop = 'incomplete';
      break;
    }
    const length = bytes.readUInt32LE(position);
    if (length === 0 || length > MAX_RECORD_BYTES) {
      stop = 'length';
      break;
    }
    if (position + FRAME_BYTES + length > bytes.length) {
      stop = 'incomplete';
      break;
    }
    const body = bytes.subarray(position + FRAME_BYTES, position + FRAME_BYTES + length);
    if (crc32(body) !== bytes.readUInt32LE(position + 4)) {
      stop = 'checksum';
      break;
    }
    const end = baseOffset + position + FRAME_BYTES + length;
    const kind = String.fromCharCode(body[0]);
    const json = body.toString('utf8', 1);
    if (kind === 'B') records.push({ kind: 'batch', json, end });
    else if (kind === 'E') records.push({ kind: 'end', end });
    else if (kind === 'H') records.push({ kind: 'header', header: JSON.parse(json) as JournalHeader, end });
    else {
      stop = 'kind';
      break;
    }
    position += FRAME_BYTES + length;
  }
  return { records, validEnd: baseOffset + position, stop };
}
