import { describe, expect, it } from 'vitest';
import { kafkaErrorCodeOf, kafkaErrorName } from './kafka-errors.ts';

describe('Kafka error codes', () => {
  it('names the codes it knows and leaves the others as numbers', () => {
    expect(kafkaErrorName('3')).toBe('3 UNKNOWN_TOPIC_OR_PARTITION');
    expect(kafkaErrorName('0')).toBe('0');
    expect(kafkaErrorName('87')).toBe('87');
    expect(kafkaErrorName('constructor')).toBe('constructor');
  });

  it('reads a filter value as a number or a name in any case, and says what is wrong with anything else', () => {
    expect(kafkaErrorCodeOf('6')).toBe(6);
    expect(kafkaErrorCodeOf('0')).toBe(0);
    expect(kafkaErrorCodeOf('not_leader_or_follower')).toBe(6);
    expect(kafkaErrorCodeOf('-1')).toMatch(/unknown Kafka error code "-1"; use a number/);
    expect(kafkaErrorCodeOf('constructor')).toMatch(/unknown Kafka error code/);
    expect(kafkaErrorCodeOf('9'.repeat(3000))).toMatch(/unknown Kafka error code/);
  });
});
