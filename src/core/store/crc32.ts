/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of journal records. Node has `zlib.crc32` only
 * from 20.15 and VS Code's Electron may ship an older 20.x, so a table-driven version backs it.
 */
import * as zlib from 'node:zlib';

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32Portable(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 of `bytes` as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  return native ? native(bytes) >>> 0 : crc32Portable(bytes);
}

/** The portable implementation, exported so tests can check it against the native one. */
export { crc32Portable };
