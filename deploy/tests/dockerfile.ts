import fs from 'node:fs';

/** One instruction of a Dockerfile: `COPY --from=build /src/dist ./dist` → {keyword: 'COPY', flags: {from: 'build'}, args: [...]}. */
interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  args: string[];
  /** The text after the keyword, continuation lines joined. */
  text: string;
}

export interface Stage {
  name: string | null;
  base: string;
  instructions: Instruction[];
}

/** JSON form (`["node", "x"]`) or shell form split on white space. */
function splitArgs(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return trimmed.split(/\s+/).filter(Boolean);
}

/** Parses the subset of Dockerfile syntax flowlens uses: comments, `\` continuations, ARG, FROM … AS. */
export function parseDockerfile(file: string): { args: Record<string, string>; stages: Stage[] } {
  const logical: string[] = [];
  let pending = '';
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    // Docker drops comment and blank lines, even inside a continued instruction.
    if (line.startsWith('#') || line === '') continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    let rest = match[2]!;
    const flags: Record<string, string> = {};
    for (;;) {
      const flag = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest);
      if (!flag) break;
      flags[flag[1]!] = flag[2] ?? 'true';
      rest = rest.slice(flag[0].length);
    }
    const instruction: Instruction = { keyword, flags, args: splitArgs(rest), text: rest };
    if (keyword === 'FROM') {
      const [image = '', as, name] = instruction.args;
      const base = image.replace(/^\$\{?(\w+)\}?$/, (_whole, arg: string) => globalArgs[arg] ?? image);
      stages.push({ name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, base, instructions: [] });
    } else if (stages.length === 0 && keyword === 'ARG') {
      const [key, value = ''] = rest.split('=');
      globalArgs[key!.trim()] = value.trim();
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { args: globalArgs, stages };
}

/** `ENV A=1 B=2` instructions of a stage, merged in order. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions.filter((each) => each.keyword === 'ENV')) {
    for (const pair of instruction.args) {
      const eq = pair.indexOf('=');
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** Each COPY of a stage as sources → destination, with the stage it copies from (null: the build context). */
export function stageCopies(stage: Stage): { from: string | null; sources: string[]; destination: string }[] {
  return stage.instructions
    .filter((each) => each.keyword === 'COPY' || each.keyword === 'ADD')
    .map((each) => ({ from: each.flags.from ?? null, sources: each.args.slice(0, -1), destination: each.args.at(-1) ?? '' }));
}

/** .dockerignore patterns (comments and blank lines dropped). */
export function readDockerignore(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Whether a context path is left out by a .dockerignore pattern (`*`, `**`, exact names; no `!` rules). */
export function isIgnored(relativePath: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const source = pattern
      .replace(/^\//, '')
      .split('/')
      .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
      .join('/')
      .replace(/\.\*\//g, '(?:.*/)?');
    // A matched folder leaves out everything below it too.
    return new RegExp(`^${source}(?:/.*)?$`).test(relativePath);
  });
}
