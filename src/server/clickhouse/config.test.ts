import { expect, it } from 'vitest';
import { ClickHouseConfigError, readClickHouseOptions, readRetention } from './config.ts';
import { describeFailure } from './connection.ts';
import { RETENTION_CLASSES, RETENTION_FLAGS, RETENTION_IN_USE } from './schema/retention.ts';

it('reads the cluster from --clickhouse-cluster or FLOWLENS_CLICKHOUSE_CLUSTER, and refuses a name SQL cannot take', () => {
  expect(readClickHouseOptions({ clickhouse: 'http://ch:8123', 'clickhouse-cluster': 'flows' }, {})?.cluster).toBe('flows');
  expect(readClickHouseOptions({ clickhouse: 'http://ch:8123' }, { FLOWLENS_CLICKHOUSE_CLUSTER: 'shards' })?.cluster).toBe('shards');
  expect(readClickHouseOptions({ clickhouse: 'http://ch:8123' }, {})?.cluster).toBeNull();
  expect(() => readClickHouseOptions({ clickhouse: 'http://ch:8123', 'clickhouse-cluster': 'a;DROP' }, {})).toThrow(ClickHouseConfigError);
});

const options = { url: 'http://ch:8123', user: 'default', cluster: 'flows' };

it('names the shard that does not answer, or has no table, in the words of 18.x and of current ClickHouse', () => {
  const down = describeFailure(new Error('Code: 279, e.displayText() = DB::NetException: All connection tries failed. Log: \n\nCode: 210, e.displayText() = DB::NetException: Connection refused (10.0.0.7:9000)'), options);
  expect([down.reason, down.message]).toEqual(['shard', expect.stringMatching(/^ClickHouse shard 10\.0\.0\.7:9000 of cluster flows does not answer/)]);
  const bare = describeFailure(new Error('Code: 279, e.displayText() = DB::NetException: All connection tries failed. Log: \n\nThere is no table db.flows on server: 10.0.0.8:9000\n'), options);
  expect([bare.reason, bare.message]).toEqual(['schema', 'ClickHouse shard 10.0.0.8:9000 of cluster flows has no table db.flows']);
  const current = describeFailure(new Error('Code: 60. DB::Exception: Received from 10.0.0.9:9000. DB::Exception: Table db.flows does not exist. (UNKNOWN_TABLE)'), options);
  expect([current.reason, current.message]).toEqual(['schema', 'ClickHouse shard 10.0.0.9:9000 of cluster flows has no table db.flows']);
  expect(describeFailure(new Error('Code: 62, e.displayText() = DB::Exception: Syntax error (at 1:2)'), options).reason).toBe('query');
});

it('keeps raw flows 7 days unless --retention or FLOWLENS_RETENTION says otherwise, rollups 90 unless --rollup-retention says otherwise', () => {
  expect(readRetention({}, {})).toEqual({ raw: 7, rollup: 90 });
  expect(readRetention({ retention: '30d' }, { FLOWLENS_RETENTION: '2d' })).toEqual({ raw: 30, rollup: 90 });
  expect(readRetention({}, { FLOWLENS_RETENTION: '36h' })).toEqual({ raw: 2, rollup: 90 });
  expect(readRetention({ 'rollup-retention': '365d' }, { FLOWLENS_ROLLUP_RETENTION: '30d' })).toEqual({ raw: 7, rollup: 365 });
  expect(readRetention({}, { FLOWLENS_ROLLUP_RETENTION: '30d' })).toEqual({ raw: 7, rollup: 30 });
  expect(() => readRetention({ retention: '12h' }, {})).toThrow('--retention 12h: expected a duration of whole days from 1d to 3650d, e.g. 7d');
  // The shipper's flags are exactly those of the classes some table keeps.
  expect(Object.keys(RETENTION_FLAGS)).toEqual(RETENTION_IN_USE.map((name) => RETENTION_CLASSES[name].flag));
});
