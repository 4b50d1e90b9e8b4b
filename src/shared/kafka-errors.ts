/**
 * Kafka protocol error codes (a response's `error_code`; 0 is success), by the names Kafka gives
 * them: the codes a failing cluster shows most. A code not listed reads as its number.
 */
const KAFKA_ERRORS: Readonly<Record<number, string>> = {
  1: 'OFFSET_OUT_OF_RANGE',
  2: 'CORRUPT_MESSAGE',
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  5: 'LEADER_NOT_AVAILABLE',
  6: 'NOT_LEADER_OR_FOLLOWER',
  7: 'REQUEST_TIMED_OUT',
  9: 'REPLICA_NOT_AVAILABLE',
  10: 'MESSAGE_TOO_LARGE',
  13: 'NETWORK_EXCEPTION',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  16: 'NOT_COORDINATOR',
  25: 'UNKNOWN_MEMBER_ID',
  27: 'REBALANCE_IN_PROGRESS',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  30: 'GROUP_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  58: 'SASL_AUTHENTICATION_FAILED',
};

/** `3 UNKNOWN_TOPIC_OR_PARTITION`, or the code alone when it has no name here. */
export function kafkaErrorName(code: string): string {
  const name = /^\d+$/.test(code) ? KAFKA_ERRORS[Number(code)] : undefined;
  return name ? `${code} ${name}` : code;
}

/** The code a filter value stands for (a whole number, or a name above in any case), or what is wrong with it. */
export function kafkaErrorCodeOf(value: string): number | string {
  if (/^\d{1,5}$/.test(value)) return Number(value);
  const entry = Object.entries(KAFKA_ERRORS).find(([, name]) => name === value.toUpperCase());
  return entry ? Number(entry[0]) : `unknown Kafka error code "${value}"; use a number (0 is success) or a name such as ${Object.values(KAFKA_ERRORS).slice(0, 3).join(', ')}`;
}
