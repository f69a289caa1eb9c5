import assert from 'node:assert/strict';
import { test } from 'node:test';
import { basicPassword, createAuth, readCookie, SESSION_COOKIE } from '../../src/web/auth';

const cookieOf = (setCookie: string) => setCookie.split(';')[0] ?? '';

test('readCookie and basicPassword parse what browsers send', () => {
  assert.equal(readCookie('a=1; flawless_session=abc.def; b=2', SESSION_COOKIE), 'abc.def');
  assert.equal(readCookie('xflawless_session=1', SESSION_COOKIE), null);
  assert.equal(readCookie(undefined, SESSION_COOKIE), null);
  const header = `Basic ${Buffer.from('anyone:pa:ss').toString('base64')}`;
  assert.equal(basicPassword(header), 'pa:ss', 'the password may hold a colon');
  assert.equal(basicPassword(`Basic ${Buffer.from('nocolon').toString('base64')}`), null);
  assert.equal(basicPassword('Bearer abc'), null);
});

test('sessions expire, can be ended, and a forged cookie or one signed with another key is worth nothing', () => {
  let now = 1_000_000;
  const auth = createAuth({ password: 'pw', secureCookies: true, now: () => now, sessionTtlMs: 60_000 });
  const setCookie = auth.startSession();
  assert.match(setCookie, /; HttpOnly; SameSite=Lax; Secure; Max-Age=60$/);
  const cookie = cookieOf(setCookie);
  const a = auth.access({ cookie });
  assert.equal(a.via, 'session');
  assert.ok(auth.csrfMatches(a, a.csrfToken));
  assert.ok(!auth.csrfMatches(a, auth.access({}).csrfToken), 'the anonymous token is not the session one');
  assert.ok(!auth.csrfMatches(a, undefined));

  const other = createAuth({ password: 'pw', secureCookies: false, now: () => now });
  assert.equal(other.access({ cookie }).via, 'none', 'another key does not know the session');
  const [expiry, nonce] = cookie.split('=')[1]?.split('.') ?? [];
  assert.equal(auth.access({ cookie: `${SESSION_COOKIE}=${expiry}.${nonce}.forged` }).via, 'none');
  const later = (Number.parseInt(expiry ?? '', 36) + 3_600_000).toString(36);
  assert.equal(auth.access({ cookie: cookie.replace(`=${expiry}.`, `=${later}.`) }).via, 'none', 'expiry is signed');

  now += 60_001;
  assert.equal(auth.access({ cookie }).via, 'none', 'expired');

  const second = cookieOf(auth.startSession());
  const s = auth.access({ cookie: second });
  auth.endSession(s.sessionId);
  assert.equal(auth.access({ cookie: second }).via, 'none', 'ended');
});

test("instances sharing the key accept each other's sessions and forms; a new password ends them", () => {
  const secret = Buffer.alloc(32, 7);
  const a = createAuth({ password: 'pw', secret, secureCookies: false, now: Date.now });
  const b = createAuth({ password: 'pw', secret, secureCookies: false, now: Date.now });
  const cookie = cookieOf(a.startSession());
  const onB = b.access({ cookie });
  assert.equal(onB.via, 'session');
  assert.ok(a.csrfMatches(a.access({ cookie }), onB.csrfToken));
  const changed = createAuth({ password: 'new pw', secret, secureCookies: false, now: Date.now });
  assert.equal(changed.access({ cookie }).via, 'none');
});

test('without a password everyone may write; Basic credentials are checked against the password', () => {
  const open = createAuth({ password: null, secureCookies: false, now: Date.now });
  assert.deepEqual(open.access({}).via, 'open');
  assert.ok(!open.passwordMatches(''));
  const closed = createAuth({ password: 'pw', secureCookies: false, now: Date.now });
  const basic = (p: string) => `Basic ${Buffer.from(`u:${p}`).toString('base64')}`;
  assert.equal(closed.access({ authorization: basic('pw') }).via, 'basic');
  assert.equal(closed.access({ authorization: basic('pw ') }).via, 'none');
  assert.equal(closed.access({ authorization: basic('') }).via, 'none');
});
