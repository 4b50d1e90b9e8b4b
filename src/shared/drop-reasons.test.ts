import { describe, expect, it } from 'vitest';
import { DROP_REASON_HELP, dropReasonHelp } from './drop-reasons.ts';
import { DROP_REASONS } from './vocabulary.ts';

describe('drop reason help', () => {
  it('explains only real Cilium drop reasons, each with something to check', () => {
    const known = new Set(Object.values(DROP_REASONS));
    for (const [reason, help] of Object.entries(DROP_REASON_HELP)) {
      expect(known.has(reason), reason).toBe(true);
      expect(help.meaning.length, reason).toBeGreaterThan(30);
      expect(help.check.length, reason).toBeGreaterThan(0);
    }
  });

  it('covers the reasons seen most in clusters, and says when a policy decided', () => {
    for (const reason of ['POLICY_DENIED', 'POLICY_DENY', 'CT_MAP_INSERTION_FAILED', 'STALE_OR_UNROUTABLE_IP', 'INVALID_SOURCE_IP', 'UNKNOWN_L3_TARGET_ADDRESS', 'SERVICE_BACKEND_NOT_FOUND', 'NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT', 'FIB_LOOKUP_FAILED', 'AUTH_REQUIRED', 'UNENCRYPTED_TRAFFIC', 'TTL_EXCEEDED', 'DROP_RATE_LIMITED', 'INVALID_PACKET_DROPPED']) {
      expect(dropReasonHelp(reason).known, reason).toBe(true);
    }
    expect(dropReasonHelp('policy_denied').policy).toBe(true);
    expect(dropReasonHelp('CT_MAP_INSERTION_FAILED').policy).toBeUndefined();
  });

  it('falls back to a generic text for a reason it does not know', () => {
    const help = dropReasonHelp('VLAN_FILTERED');
    expect(help.known).toBe(false);
    expect(help.check[0]).toMatch(/cilium monitor/);
  });
});
