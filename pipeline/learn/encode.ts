/** Compact, JSON-safe encodings of typed arrays, and the content hash that names a model. */

/** Float32Array → base64 of its little-endian bytes. */
export function encodeFloat32(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function decodeFloat32(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function encodeUint32(a: Uint32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function decodeUint32(s: string): Uint32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Uint32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/**
 * Int8 quantisation: each column of a row-major `rows × cols` matrix is scaled so its largest
 * magnitude maps to 127. A weight loses at most 1/254 of its column's range, far below what moves a
 * prediction, and the model file is a quarter of the Float32 size.
 */
export function encodeQuantised(a: Float32Array, cols: number): { scales: string; values: string } {
  const rows = a.length / cols;
  const scales = new Float32Array(cols);
  for (let i = 0; i < a.length; i++) scales[i % cols] = Math.max(scales[i % cols]!, Math.abs(a[i]!));
  for (let c = 0; c < cols; c++) scales[c] = scales[c]! / 127 || 1;
  const q = new Int8Array(rows * cols);
  for (let i = 0; i < a.length; i++) q[i] = Math.round(a[i]! / scales[i % cols]!);
  return { scales: encodeFloat32(scales), values: Buffer.from(q.buffer).toString('base64') };
}

export function decodeQuantised(e: { scales: string; values: string }): Float32Array {
  const scales = decodeFloat32(e.scales);
  const cols = scales.length;
  const b = Buffer.from(e.values, 'base64');
  const q = new Int8Array(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i]! * scales[i % cols]!;
  return out;
}

/** A 64-bit FNV-1a hash of a string as 16 hex digits: a model's id is the hash of its content. */
export function contentHash(s: string): string {
  let h1 = 0x811c9dc5, h2 = 0xcbf29ce4;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
