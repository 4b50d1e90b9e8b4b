import { describe, expect, it } from 'vitest';
import { dnsRcodeOf } from './vocabulary.ts';

describe('DNS response codes', () => {
  it('reads a filter value as a number or a name in any case, and says what is wrong with anything else', () => {
    expect(dnsRcodeOf('3')).toBe(3);
    expect(dnsRcodeOf('0')).toBe(0);
    expect(dnsRcodeOf('nxdomain')).toBe(3);
    expect(dnsRcodeOf('SERVFAIL')).toBe(2);
    expect(dnsRcodeOf('-1')).toMatch(/unknown DNS rcode "-1"; use a number or one of NOERROR/);
    expect(dnsRcodeOf('constructor')).toMatch(/unknown DNS rcode/);
    expect(dnsRcodeOf('9'.repeat(3000))).toMatch(/unknown DNS rcode/);
  });
});
