import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

it('README "How a request flows" names files that exist, at every step', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = /### How a request flows\n([\s\S]*?)\n### /.exec(readme)?.[1];
  expect(section, 'the section is in the README').toBeDefined();
  const steps = section!.split('\n').filter((line) => /^\d+\. /.test(line));
  expect(steps.map((step) => /\*\*(.+?)\*\*/.exec(step)?.[1])).toEqual(['URL', 'API client', 'Route', 'Filter compile', 'Store', 'Scan', 'Reply', 'Table']);
  for (const step of steps) {
    const files = [...step.matchAll(/`(src\/[^`]+)`/g)].map((match) => match[1]!);
    expect(files.length, step).toBeGreaterThan(0);
    for (const file of files) expect(fs.existsSync(path.join(root, file)), `${file} (named in README)`).toBe(true);
  }
});
