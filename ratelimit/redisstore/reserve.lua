-- Reserve: take a request of the quota of KEYS[1] at now, or return how long until one
-- may be taken, in milliseconds. The state, a hash: b (blocked until), r (remaining;
-- -1 unknown), s (reset; 0 unknown), q (quota; 0 unknown); instants in ms since the
-- epoch. It is ratelimit's MemoryStore, line for line.
-- ARGV: now, ttl.
local now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'b', 'r', 's', 'q')
if not v[1] then
  return 0 -- nothing known
end
local b, r, s, q = tonumber(v[1]), tonumber(v[2]), tonumber(v[3]), tonumber(v[4])
if now < b then
  return b - now
end
if s ~= 0 and now >= s then -- the window is over: the next starts with the quota
  s = 0
  r = q > 0 and q or -1
end
local wait = 0
if r == 0 and s ~= 0 then
  wait = s - now
elseif r > 0 then
  r = r - 1
end
redis.call('HSET', KEYS[1], 'r', r, 's', s)
redis.call('PEXPIRE', KEYS[1], ttl)
return wait
