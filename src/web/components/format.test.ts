import { describe, expect, it } from 'vitest';
import { formatBytes, formatBytesOf } from './format.ts';

describe('sizes', () => {
  it('writes a size in the largest unit it reaches', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(222 * 1024 * 1024)).toBe('222 MB');
  });

  it('writes the unit once when the part done and the whole share it', () => {
    expect(formatBytesOf(13 * 1024 * 1024, 44 * 1024 * 1024)).toBe('13 / 44 MB');
    expect(formatBytesOf(4.9 * 1024 * 1024, 4.9 * 1024 * 1024)).toBe('4.9 / 4.9 MB');
    expect(formatBytesOf(512 * 1024, 1.2 * 1024 ** 3)).toBe('512 KB / 1.2 GB');
    expect(formatBytesOf(0, 0)).toBe('0 / 0 B');
  });
});
