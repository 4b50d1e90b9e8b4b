/** A column's ids: as narrow as the column's dictionary allows. */
export type IdArray = Uint8Array | Uint16Array | Uint32Array;

/** The arrays of a chunk, as FlowIndex keeps them. */
export interface ChunkArrays {
  time: Float64Array;
  offset: Uint32Array | Float64Array;
  length: Uint16Array | Uint32Array;
  ids: IdArray[];
}

type Width = 1 | 2 | 4 | 8;
type Typed = Uint8Array | Uint16Array | Uint32Array | Float64Array;

const widthOf = (array: Typed): Width => array.BYTES_PER_ELEMENT as Width;

/** The array type of each width: 8 bytes are times and long offsets, 4 bytes ids, offsets and lengths. */
function view(buffer: ArrayBuffer, at: number, rows: number, width: Width): Typed {
  if (width === 8) return new Float64Array(buffer, at, rows);
  if (width === 4) return new Uint32Array(buffer, at, rows);
  return width === 2 ? new Uint16Array(buffer, at, rows) : new Uint8Array(buffer, at, rows);
}

/**
 * A chunk's arrays for `rows` rows in one allocation, each as wide as in `like` (or as given),
 * holding the first `count` rows of `like`. One large allocation is mapped by the allocator and
 * given back whole when freed (many small ones leave holes), and its pages cost memory only once
 * rows reach them.
 */
export function chunkBlock(rows: number, like: ChunkArrays | null, idWidths: readonly Width[], count = 0): ChunkArrays {
  const arrays: (Typed | null)[] = like ? [like.time, like.offset, like.length, ...like.ids] : [];
  const widths: Width[] = like ? arrays.map((array) => widthOf(array!)) : [8, 4, 2, ...idWidths];
  // Widest first, so every array starts aligned to its element size.
  const order = widths.map((_, i) => i).sort((a, b) => widths[b]! - widths[a]!);
  const starts: number[] = [];
  let total = 0;
  for (const i of order) {
    starts[i] = total;
    total += widths[i]! * rows;
  }
  const buffer = new ArrayBuffer(total);
  const made = widths.map((width, i) => {
    const array = view(buffer, starts[i]!, rows, width);
    const old = arrays[i];
    // Same width, same type: a plain copy.
    if (old && count > 0) (array as Uint8Array).set(old.subarray(0, count) as ArrayLike<number>);
    return array;
  });
  return {
    time: made[0] as Float64Array,
    offset: made[1] as Uint32Array | Float64Array,
    length: made[2] as Uint16Array | Uint32Array,
    ids: made.slice(3) as IdArray[],
  };
}

/** Shared arrays of one id repeated, by width and id: the columns of sealed chunks that hold a single value. Never written. */
const repeated = new Map<string, IdArray>();

function repeatedId(like: IdArray, id: number, rows: number): IdArray {
  const key = `${like.BYTES_PER_ELEMENT}:${id}:${rows}`;
  let array = repeated.get(key);
  if (array === undefined) repeated.set(key, (array = new (like.constructor as new (length: number) => IdArray)(rows).fill(id)));
  return array;
}

/** The id every one of the first `rows` ids is, or -1 when they differ. */
function singleId(ids: IdArray, rows: number): number {
  const id = ids[0]!;
  for (let r = 1; r < rows; r++) if (ids[r] !== id) return -1;
  return id;
}

/**
 * A full chunk's arrays once no row will be added: a column holding one value on every row (a
 * cluster without Kafka, HTTP or DNS flows has its L7 columns empty; in-cluster sources have no
 * names) becomes a shared array of that id, and the others are copied into a block without it.
 * Readers see the same ids. Returns `chunk` itself when no column holds a single value.
 */
export function sealedArrays(chunk: ChunkArrays, rows: number): ChunkArrays {
  const single = chunk.ids.map((ids) => singleId(ids, rows));
  if (single.every((id) => id === -1)) return chunk;
  const kept = chunk.ids.filter((_, c) => single[c] === -1);
  const block = chunkBlock(rows, { time: chunk.time, offset: chunk.offset, length: chunk.length, ids: kept }, [], rows);
  let next = 0;
  return { ...block, ids: chunk.ids.map((ids, c) => (single[c] === -1 ? block.ids[next++]! : repeatedId(ids, single[c]!, rows))) };
}
