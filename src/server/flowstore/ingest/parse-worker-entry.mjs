// Worker threads start plain Node: teach this one TypeScript (tsx) before loading the parser.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
