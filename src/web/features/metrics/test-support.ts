import { parser } from '@prometheus-io/lezer-promql';

/** Error nodes in the PromQL parse tree: what the PromQL editor would underline. */
export function syntaxErrors(expr: string): number {
  let errors = 0;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors++;
    },
  });
  return errors;
}
