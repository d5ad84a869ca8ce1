import { clientIpOf, throttleClientOf } from './client-address';

test('without trusted proxies the client is the socket, whatever X-Forwarded-For says', () => {
  expect(clientIpOf('203.0.113.7', '10.0.0.1', 0)).toBe('10.0.0.1');
  expect(clientIpOf(null, '::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
  expect(clientIpOf(null, undefined, 0)).toBe('unknown');
});

test('behind n proxies the client is the entry n places from the right: what the caller wrote to the left is ignored', () => {
  // One proxy appended the address it saw (203.0.113.7) after what the caller sent.
  expect(clientIpOf('1.2.3.4, 203.0.113.7', '10.0.0.1', 1)).toBe('203.0.113.7');
  expect(clientIpOf('203.0.113.7', '10.0.0.1', 1)).toBe('203.0.113.7');
  // A CDN, then a load balancer: the CDN wrote the client, the balancer wrote the CDN.
  expect(clientIpOf('6.6.6.6, 203.0.113.7, 192.0.2.10', '10.0.0.1', 2)).toBe('203.0.113.7');
  // Fewer entries than proxies: each entry there was written by one of them.
  expect(clientIpOf('203.0.113.7', '10.0.0.1', 2)).toBe('203.0.113.7');
  expect(clientIpOf('2001:DB8::0:1', '10.0.0.1', 1)).toBe('2001:db8::1');
});

test('an X-Forwarded-For entry that is not an IP address falls back to the socket', () => {
  expect(clientIpOf('203.0.113.7, evil', '10.0.0.1', 1)).toBe('10.0.0.1');
  expect(clientIpOf('203.0.113.7, ', '10.0.0.1', 1)).toBe('10.0.0.1');
  expect(clientIpOf('', '10.0.0.1', 1)).toBe('10.0.0.1');
});

test('the throttle counts an IPv6 client by its /64, an IPv4 one by its address', () => {
  expect(throttleClientOf('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
  expect(throttleClientOf('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
  expect(throttleClientOf('::1')).toBe('::/64');
  expect(throttleClientOf('::ffff:198.51.100.4')).toBe('198.51.100.4');
  expect(throttleClientOf('198.51.100.4')).toBe('198.51.100.4');
  expect(throttleClientOf('unknown')).toBe('unknown');
});
