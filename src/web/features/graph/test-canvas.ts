/**
 * A 2D canvas context for tests that records what is drawn instead of drawing it: each call with
 * the state it was made in (stroke and fill style, line width, font, alpha, the transform's scale).
 * Text is measured at 6.5 px per character at 12 px.
 */

export interface DrawCall {
  name: string;
  args: unknown[];
  strokeStyle: string;
  fillStyle: string;
  lineWidth: number;
  font: string;
  globalAlpha: number;
  /** Scale of the current transform (model units to canvas pixels). */
  scale: number;
}

export interface RecordingCanvas {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  calls: DrawCall[];
}

export function recordingCanvas(width = 1100, height = 700): RecordingCanvas {
  const calls: DrawCall[] = [];
  const state: Record<string, unknown> = { strokeStyle: '', fillStyle: '', lineWidth: 1, font: '12px sans-serif', globalAlpha: 1, scale: 1 };
  const fontPx = () => Number(/(\d+(?:\.\d+)?)px/.exec(String(state.font))?.[1] ?? 12);
  const ctx = new Proxy({} as CanvasRenderingContext2D, {
    get(_target, property) {
      if (typeof property !== 'string') return undefined;
      if (property in state) return state[property];
      if (property === 'measureText') return (text: string) => ({ width: (text.length * 6.5 * fontPx()) / 12 });
      return (...args: unknown[]) => {
        if (property === 'setTransform') state.scale = args[0];
        calls.push({ name: property, args, ...(state as Omit<DrawCall, 'name' | 'args'>) });
      };
    },
    set(_target, property, value) {
      if (typeof property === 'string') state[property] = value;
      return true;
    },
  });
  const canvas = { width, height, getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, ctx, calls };
}

/** Calls by name, in order. */
export const named = (calls: readonly DrawCall[], name: string): DrawCall[] => calls.filter((call) => call.name === name);
