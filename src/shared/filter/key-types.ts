/** The shapes of the filter vocabulary: what a key looks at and how a value becomes a test. */

/** Per-endpoint fields: keys with from-/to- forms look at these on one side or either. */
export type EndpointField = 'namespace' | 'pod' | 'workload' | 'labels' | 'identity' | 'ip' | 'port' | 'service' | 'names';

/** Per-flow fields. */
export type FlowField =
  | 'verdict'
  | 'dropReason'
  | 'eventType'
  | 'trafficDirection'
  | 'protocols'
  | 'node'
  | 'dnsQuery'
  | 'dnsRcode'
  | 'httpMethod'
  | 'httpStatus'
  | 'httpPath'
  | 'kafkaTopic'
  | 'kafkaErrorCode'
  | 'policies'
  | 'errorCategory'
  | 'isReply';

export type ValueTest =
  | { kind: 'string'; test: (value: string) => boolean }
  | { kind: 'number'; test: (value: number) => boolean }
  | { kind: 'set'; test: (values: readonly string[]) => boolean };

/**
 * What a flow must also show for a key's terms to hold, on another field: `drop-reason-desc` needs
 * verdict DROPPED, `port` an L4 protocol that carries ports. Part of the term: a negated term
 * excludes only flows that pass both.
 */
interface FlowRequirement {
  field: FlowField;
  test: ValueTest;
}

interface KeyBase {
  name: string;
  help: string;
  example: string;
  /** Whether the index can suggest values seen for this key. */
  suggest: boolean;
  compile(value: string): ValueTest | string;
  requires?: FlowRequirement;
}

export interface EndpointKey extends KeyBase {
  sided: true;
  field: EndpointField;
}
export interface FlowKey extends KeyBase {
  sided: false;
  field: FlowField;
}
export interface TimeKey extends Omit<KeyBase, 'compile'> {
  sided: false;
  field: 'time';
}
export type KeySpec = EndpointKey | FlowKey | TimeKey;
