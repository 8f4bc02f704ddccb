/**
 * The spellings of a secret value that redaction looks for: the value itself (matched without
 * regard to case) and its common encodings. docs/secrets.md lists them; tests prove each.
 */

/** Shorter base64 fragments would match unrelated short words. */
const MIN_CORE_LENGTH = 4;

/** The base64 characters that depend only on `bytes` when they start `offset` bytes into a longer text. */
function base64Core(bytes: Buffer, offset: number, alphabet: 'base64' | 'base64url'): string {
  // Bytes at `offset` within a 3-byte group share their first and last characters with the
  // bytes around them; the characters in between depend on the secret alone, so they are
  // found inside the encoding of any text that contains the secret at that offset.
  const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
  const encoded = padded.toString(alphabet).replace(/=+$/, '');
  const firstBit = offset * 8;
  const endBit = (offset + bytes.length) * 8;
  const first = Math.ceil(firstBit / 6);
  const end = Math.floor(endBit / 6);
  return end > first ? encoded.slice(first, end) : '';
}

/**
 * The bytes a value is encoded from: UTF-8, and Latin-1 too when every character fits in it
 * and it differs (`btoa` and JSONata's `$base64encode` encode characters below 256 as one byte).
 */
function byteForms(value: string): Buffer[] {
  const utf8 = Buffer.from(value, 'utf8');
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return [utf8];
  return [utf8, Buffer.from(value, 'latin1')];
}

/**
 * Every spelling of `value` to redact: itself, lower and upper case, JSON-string escaped, URL
 * encoded (`%20` and form `+` for spaces), and hexadecimal, base64 and base64url of its bytes
 * (`byteForms`), standalone (with and without padding) and as they appear at each of the three
 * byte alignments inside a longer encoded text (fragments of at least 4 characters).
 * Duplicates and empty strings are left out.
 */
export function secretVariants(value: string): string[] {
  if (value === '') return [];
  const out = new Set<string>([value, value.toLowerCase(), value.toUpperCase()]);
  out.add(JSON.stringify(value).slice(1, -1));
  const uri = encodeURIComponent(value);
  out.add(uri);
  out.add(uri.replace(/%20/g, '+'));
  for (const bytes of byteForms(value)) {
    out.add(bytes.toString('hex'));
    for (const alphabet of ['base64', 'base64url'] as const) {
      const whole = bytes.toString(alphabet);
      out.add(whole);
      out.add(whole.replace(/=+$/, ''));
      for (let offset = 0; offset < 3; offset++) {
        const core = base64Core(bytes, offset, alphabet);
        if (core.length >= MIN_CORE_LENGTH) out.add(core);
      }
    }
  }
  out.delete('');
  return [...out];
}
