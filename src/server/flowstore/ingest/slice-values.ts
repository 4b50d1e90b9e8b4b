/** Node's Buffer decoders without toString's argument handling, which costs more than short slices. */
interface SlicingBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** The value of the JSON text in buffer[start, end), which skipValue accepted. */
export function valueAt(buffer: Buffer, start: number, end: number): unknown {
  const first = buffer[start];
  if (first === 0x22) return stringAt(buffer as SlicingBuffer, start, end);
  if (first === 0x7b || first === 0x5b) return JSON.parse((buffer as SlicingBuffer).utf8Slice(start, end)) as unknown;
  if (first === 0x74) return true;
  if (first === 0x66) return false;
  if (first === 0x6e) return null;
  // A validated JSON number: Number() reads it exactly as JSON.parse does.
  return Number((buffer as SlicingBuffer).latin1Slice(start, end));
}

/** A JSON string's value; escapes (rare in the fields read) go through JSON.parse. */
function stringAt(buffer: SlicingBuffer, start: number, end: number): string {
  let ascii = true;
  for (let i = start + 1; i < end - 1; i++) {
    const c = buffer[i]!;
    if (c === 0x5c) return JSON.parse(buffer.utf8Slice(start, end)) as string;
    if (c >= 0x80) ascii = false;
  }
  return ascii ? buffer.latin1Slice(start + 1, end - 1) : buffer.utf8Slice(start + 1, end - 1);
}
