import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkEntryProblem } from '../../src/config/networks';
import { compilePeerFilter, thriftDisabled } from '../../src/ingest/thrift-allow';

test('empty thrift_allow means loopback only, IPv4-mapped peers included', () => {
  const allow = compilePeerFilter([]);
  assert.equal(allow('127.0.0.1'), true);
  assert.equal(allow('127.9.9.9'), true);
  assert.equal(allow('::1'), true);
  assert.equal(allow('::ffff:127.0.0.1'), true);
  assert.equal(allow('10.0.0.1'), false);
  assert.equal(allow('::ffff:10.0.0.1'), false);
  assert.equal(allow(undefined), false);
});

test('networks and addresses of both families; any and none', () => {
  const allow = compilePeerFilter(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
  assert.equal(allow('10.200.3.4'), true);
  assert.equal(allow('192.168.1.7'), true);
  assert.equal(allow('192.168.1.8'), false);
  assert.equal(allow('fd12::1'), true);
  assert.equal(allow('127.0.0.1'), false, 'a list replaces the loopback default');
  assert.equal(compilePeerFilter(['any'])('203.0.113.9'), true);
  assert.equal(compilePeerFilter(['none'])('127.0.0.1'), false);
  assert.equal(thriftDisabled(['none']), true);
  assert.equal(thriftDisabled([]), false);
});

test('bad entries are named', () => {
  assert.equal(networkEntryProblem('10.0.0.0/8'), null);
  assert.match(networkEntryProblem('10.0.0.0/33') ?? '', /prefix length outside 0-32/);
  assert.match(networkEntryProblem('example.com') ?? '', /not an IP address/);
  assert.match(networkEntryProblem('1.2.3.4/8/9') ?? '', /more than one/);
});
