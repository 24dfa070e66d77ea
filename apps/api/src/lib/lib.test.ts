import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadConfig } from '../config.js';
import { hashToken, issueOrgToken, orgOfToken } from './tokens.js';
import { redactUrl } from './log-redact.js';

describe('org tokens', () => {
  it('round-trip the organisation id and reject other shapes', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 7 }), (orgId) => {
        const token = issueOrgToken('rk', orgId);
        expect(orgOfToken('rk', token)).toBe(orgId);
        expect(orgOfToken('ri', token)).toBeNull();
        expect(orgOfToken('rk', token.slice(0, -1))).toBeNull();
        expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
        return true;
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        const org = orgOfToken('rk', s);
        return org === null || /^[0-9a-f-]{36}$/.test(org);
      }),
    );
    expect(orgOfToken('rk', 'rk_' + 'A'.repeat(22) + '_' + 'B'.repeat(42))).toBeNull();
  });
});

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: 'localhost',
      demo: true,
      baseUrl: 'http://localhost:3000',
      rateLimit: 600,
    });
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.trustedOrigins).toEqual(['http://localhost:3000']);
  });

  it('reads overrides and names every invalid variable', () => {
    const c = loadConfig({
      PORT: '8080',
      RELATA_DEMO: '0',
      RELATA_BASE_URL: 'https://crm.example.com/',
      RELATA_TRUSTED_ORIGINS: 'https://a.example, https://b.example/',
    });
    expect(c).toMatchObject({ port: 8080, demo: false, baseUrl: 'https://crm.example.com' });
    expect(c.trustedOrigins).toEqual(['https://crm.example.com', 'https://a.example', 'https://b.example']);
    expect(() => loadConfig({ PORT: 'eighty', RELATA_SECRET: 'short', RELATA_DEMO: 'maybe' })).toThrow(
      /PORT[\s\S]*RELATA_DEMO[\s\S]*RELATA_SECRET|PORT[\s\S]*RELATA_SECRET[\s\S]*RELATA_DEMO/,
    );
  });
});

describe('log redaction', () => {
  it('hides calendar-feed tokens and token query values, and nothing else', () => {
    expect(redactUrl('/ical/rc_abc_def.ics')).toBe('/ical/[redacted].ics');
    expect(redactUrl('/ical/rc_abc_def.ics?x=1')).toBe('/ical/[redacted].ics?x=1');
    expect(redactUrl('/ical/rc_abc_def')).toBe('/ical/[redacted]');
    expect(redactUrl('/api/v1/invitations/preview?token=ri_secret&x=1')).toBe(
      '/api/v1/invitations/preview?token=[redacted]&x=1',
    );
    expect(redactUrl('/api/v1/deals?q=token')).toBe('/api/v1/deals?q=token');
  });
});
